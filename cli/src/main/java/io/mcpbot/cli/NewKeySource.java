package io.mcpbot.cli;

import io.mcpbot.core.McpbotException;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where rotate-key gets the new key: an environment variable, a file, or a new 0600 file it
 * generates. Never a command-line value, which {@code ps} would show to every local user.
 */
final class NewKeySource {
  @Option(
      names = "--new-key-env",
      paramLabel = "VAR",
      description = "Read the new key from environment variable VAR.")
  String env;

  @Option(
      names = "--new-key-file",
      paramLabel = "PATH",
      description = "Read the new key from a file (first line).")
  Path file;

  @Option(
      names = "--generate",
      paramLabel = "PATH",
      description = "Generate a new key into PATH, a NEW file created with mode 0600.")
  Path generate;

  private String generated;

  /** The new key, one key, as text; a --generate key is only kept in memory until {@link #save}. */
  String resolve(Settings settings) {
    if (env != null) {
      String value = settings.env(env);
      if (value == null) {
        throw new McpbotException(
            env
                + " is not set: export the new key in "
                + env
                + " (create one with mcpbot gen-key)");
      }
      return single(value, "environment variable " + env);
    }
    if (file != null) {
      try {
        return single(Files.readString(file, StandardCharsets.UTF_8), "file " + file);
      } catch (IOException e) {
        throw new McpbotException(
            "cannot read the new key from " + file + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    if (generate != null && Files.exists(generate)) {
      throw exists(generate); // fail before the pre-check, not after it
    }
    generated = KeyRing.generateKey();
    return generated;
  }

  /** Writes a --generate key to its new 0600 file; call before any row is encrypted with it. */
  void save() {
    if (generated != null) {
      write(generate, generated);
    }
  }

  /** How the operator refers to the key in the closing instructions. */
  String describe() {
    if (env != null) {
      return "the value of " + env;
    }
    if (file != null) {
      return "the contents of " + file;
    }
    return "the contents of " + generate;
  }

  /** The options that resume an interrupted rotation with the same key. */
  String resumeOptions() {
    if (env != null) {
      return "--new-key-env " + env;
    }
    return "--new-key-file " + (file != null ? file : generate);
  }

  private static String single(String raw, String where) {
    List<String> keys = KeyRing.splitKeys(raw.strip());
    if (keys.size() != 1) {
      throw new McpbotException(
          where
              + (keys.isEmpty() ? " is empty" : " holds " + keys.size() + " keys")
              + ": it must hold exactly one Fernet key (create one with mcpbot gen-key)");
    }
    return keys.getFirst();
  }

  private static void write(Path path, String key) {
    try {
      try {
        Files.createFile(
            path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(path); // not a POSIX file system; the directory's ACLs apply
      }
      // Written and synced BEFORE any row is encrypted with it: a crash must not strand rows
      // under a key nobody kept.
      Files.writeString(
          path,
          key + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.WRITE,
          StandardOpenOption.SYNC);
    } catch (FileAlreadyExistsException e) {
      throw exists(path);
    } catch (IOException e) {
      throw new McpbotException(
          "cannot create the key file " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static McpbotException exists(Path path) {
    return new McpbotException(
        path
            + " already exists; --generate never overwrites a key file. To continue with that"
            + " key use --new-key-file "
            + path
            + ", or choose a new path");
  }
}
