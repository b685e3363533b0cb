package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.mcp.McpException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Creates a user's data directory with owner-only permissions. Stateless. */
public final class UserDirs {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private UserDirs() {}

  /**
   * Creates the user's directory and every directory a resolved argument or env value points to
   * inside it, so servers that expect their folder to exist (server-filesystem's root, SQLite's
   * parent folder) start on first use. A last segment with a dot ({@code data.db}, {@code
   * memory.json}) is taken as a file: only its parent is created.
   */
  public static void prepare(ResolvedServer server) {
    Path userDir = server.userDir();
    ensure(userDir);
    List<String> values = new ArrayList<>(server.args());
    values.addAll(server.env().values());
    for (String value : values) {
      int eq = value.indexOf('=');
      for (String candidate : eq > 0 ? List.of(value, value.substring(eq + 1)) : List.of(value)) {
        Path p = inside(userDir, candidate);
        if (p != null) {
          Path dir = p.getFileName().toString().contains(".") ? p.getParent() : p;
          createOwnerOnly(userDir, dir);
        }
      }
    }
  }

  private static Path inside(Path userDir, String value) {
    if (value.isEmpty() || value.indexOf('\u0000') >= 0) {
      return null;
    }
    try {
      Path p = Path.of(value).toAbsolutePath().normalize();
      return p.startsWith(userDir) && !p.equals(userDir) ? p : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static void createOwnerOnly(Path userDir, Path dir) {
    try {
      Path current = userDir;
      for (Path part : userDir.relativize(dir)) {
        current = current.resolve(part);
        createDirectory(current);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw cannotCreate(dir.toString(), e);
    }
  }

  /** Creates {@code dir} (a user's directory) and, if missing, the data root, both 0700. */
  public static void ensure(Path dir) {
    try {
      if (!Files.isDirectory(dir.getParent())) {
        // USER_DATA_DIR itself: owner-only too, so no local user can even list who has data
        Files.createDirectories(dir.getParent(), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      }
      createDirectory(dir);
      Files.setPosixFilePermissions(dir, OWNER_ONLY);
    } catch (IOException | UnsupportedOperationException e) {
      throw cannotCreate("the user data directory " + dir, e);
    }
  }

  // a parallel start of another server of the same user may create it first: that is fine
  private static void createDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (FileAlreadyExistsException e) {
        // created concurrently
      }
    }
  }

  private static McpException cannotCreate(String what, Exception e) {
    return new McpException(
        "cannot create " + what + " (" + e.getMessage() + "); check that the data root is writable",
        e);
  }
}
