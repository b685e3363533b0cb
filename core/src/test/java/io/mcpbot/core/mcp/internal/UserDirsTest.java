package io.mcpbot.core.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders that servers expect to exist are created inside the user's directory, and only there. */
class UserDirsTest {
  @TempDir Path root;

  @Test
  void createsTheFoldersResolvedValuesPointToInsideTheUsersDirectoryOwnerOnly() throws Exception {
    Path user = root.resolve("U0ABC");
    Path outside = root.resolve("elsewhere");
    var server =
        new ResolvedServer(
            "fs",
            "U0ABC",
            "node",
            List.of("-y", "pkg@1", user.resolve("files").toString(), "--db=" + user + "/sub/x.db"),
            Map.of(
                "MEMORY_FILE_PATH",
                user.resolve("memory.json").toString(),
                "OTHER",
                outside.toString()),
            null,
            Map.of(),
            user,
            List.of());

    UserDirs.prepare(server);

    assertThat(user.resolve("files")).isDirectory();
    assertThat(user.resolve("sub")).isDirectory();
    assertThat(user.resolve("sub/x.db")).doesNotExist();
    assertThat(user.resolve("memory.json")).doesNotExist();
    assertThat(outside).doesNotExist();
    for (Path p : List.of(user, user.resolve("files"), user.resolve("sub"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void theDataRootAndTheUsersDirectoryAreCreatedOwnerOnly() throws Exception {
    Path data = root.resolve("fresh").resolve("data");
    UserDirs.ensure(data.resolve("U0ABC"));
    for (Path p : List.of(data, data.resolve("U0ABC"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as(p.toString())
          .isEqualTo("rwx------");
    }
  }
}
