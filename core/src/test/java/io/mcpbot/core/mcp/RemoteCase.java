package io.mcpbot.core.mcp;

import io.mcpbot.core.config.RemoteServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the remote-server tests share: a pool over one user's remote server and its fixture. */
abstract class RemoteCase {
  @TempDir Path root;
  SessionPool pool;
  RemoteFixture fixture;

  @AfterEach
  void closePoolAndFixture() {
    if (pool != null) {
      pool.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /** A pool (test config plus {@code authorizer}) where {@code user} has {@code def} enabled. */
  SessionPool pool(String user, RemoteServer def, RemoteAuthorizer authorizer) {
    pool =
        new SessionPool(
            Fixtures.config(root).toBuilder().authorizer(authorizer).build(),
            new Fixtures.Source().put(user, Fixtures.us(def)),
            Fixtures.botEnvFn());
    return pool;
  }
}
