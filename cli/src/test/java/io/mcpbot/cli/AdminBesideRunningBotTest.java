package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.H2Holder;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.SeededCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin commands on the embedded H2 file while another JVM holds it open, as {@code mcpbot run}
 * does: H2's mixed mode lets the second process in through the holder.
 */
class AdminBesideRunningBotTest {
  private static final String OLD_KEY = KeyRing.generateKey();
  private static final String NEW_KEY = KeyRing.generateKey();

  @TempDir Path dir;

  @Test
  void initDbSyncServersListUsageAndRotateKeyWorkWhileTheFileIsHeld() throws Exception {
    String databaseUrl = "jdbc:h2:file:" + dir.resolve("data/mcpbot").toAbsolutePath();
    Map<Long, String> before;
    try (Database db = Database.open(DatabaseUrl.parse(databaseUrl))) {
      db.migrate();
      KeyRing old = KeyRing.parse("old", OLD_KEY);
      SeededCredentials.seed(Store.of(db), old, 4, "U");
      before = SeededCredentials.plaintexts(Store.of(db), old);
    }
    Path servers =
        Files.writeString(
            dir.resolve("servers_config.json"),
            "{\"mcpServers\": {\"memory\": {\"command\": \"npx\", \"args\": [\"-y\", \"m\"]}}}");
    Map<String, String> env =
        Map.of("DATABASE_URL", databaseUrl, "ENCRYPTION_KEY", OLD_KEY, "NEW_KEY", NEW_KEY);

    try (H2Holder bot = H2Holder.start(DatabaseUrl.parse(databaseUrl).jdbcUrl())) {
      Cli.Run init = Cli.run(env, "init-db");
      Cli.Run sync = Cli.run(env, "sync-servers", "--config", servers.toString());
      Cli.Run usage = Cli.run(env, "list-usage");
      Cli.Run rotate = Cli.run(env, "rotate-key", "--new-key-env", "NEW_KEY", "--batch-size", "3");

      assertThat(init.code()).as(init.toString()).isZero();
      assertThat(init.out()).contains("Schema: up to date").contains("Stored credentials: 4");
      assertThat(sync.code()).as(sync.toString()).isZero();
      assertThat(sync.out()).containsPattern("memory\\s+added");
      assertThat(usage.code()).as(usage.toString()).isZero();
      assertThat(usage.out()).containsPattern("total_users\\s+2");
      assertThat(rotate.code()).as(rotate.toString()).isZero();
      assertThat(rotate.out()).containsPattern("re-encrypted\\s+4");
      assertThat(bot.alive()).isTrue();
    }
    try (Database db = Database.open(DatabaseUrl.parse(databaseUrl))) {
      assertThat(SeededCredentials.plaintexts(Store.of(db), KeyRing.parse("new", NEW_KEY)))
          .isEqualTo(before);
    }
  }
}
