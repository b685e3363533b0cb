package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.mcp.McpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates a user's data directory with owner-only permissions. Stateless. */
public final class UserDirs {
  private UserDirs() {}

  public static void ensure(Path dir) {
    try {
      Files.createDirectories(dir.getParent());
      if (!Files.isDirectory(dir)) {
        try {
          Files.createDirectory(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // created concurrently by a parallel start: fine, permissions fixed below
        }
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new McpException(
          "cannot create the user data directory "
              + dir
              + " ("
              + e.getMessage()
              + "); check that the data root is writable",
          e);
    }
  }
}
