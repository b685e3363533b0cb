package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Commands that must not change the schema (dry runs, rotate-key) on a database init-db never ran
 * on: a clear error naming the fix, nothing created, never a raw "table not found".
 */
class UninitialisedDatabaseTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("io.mcpbot.core.testing.TestDatabases#engines")
  void commandsThatDoNotMigrateAskForInitDb(Engine engine) throws Exception {
    DatabaseUrl url = TestDatabases.emptyUrl(engine);
    Path config = dir.resolve("servers.json");
    Files.writeString(config, "{\"mcpServers\": {\"memory\": {\"command\": \"npx\"}}}");
    Map<String, String> env =
        Map.of(
            "DATABASE_URL", Cli.databaseUrl(url),
            "ENCRYPTION_KEY", KeyRing.generateKey(),
            "NEW_KEY", KeyRing.generateKey());

    for (String line :
        new String[] {
          "sync-servers --dry-run --config " + config,
          "purge-conversations --older-than 30d --dry-run",
          "rotate-key --new-key-env NEW_KEY --dry-run",
          "rotate-key --new-key-env NEW_KEY"
        }) {
      Cli.Run r = Cli.run(env, line.split(" "));
      assertThat(r.code()).as(line + "\n" + r).isEqualTo(1);
      assertThat(r.err().strip())
          .as(line)
          .startsWith("error: The database ")
          .endsWith(
              " has no mcpbot schema yet: run `mcpbot init-db` first, then this command again")
          .doesNotContain("unexpected")
          .doesNotContain("postgres:postgres");
    }
    try (Database db = Database.open(url)) {
      assertThat(db.pendingMigrations()).extracting(Database.Migration::version).contains("1");
    }

    Cli.Run init = Cli.run(env, "init-db");
    assertThat(init.code()).as(init.toString()).isZero();
    Cli.Run dry = Cli.run(env, "sync-servers", "--dry-run", "--config", config.toString());
    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("memory").contains("dry run: nothing written");
    try (Database db = Database.open(url)) {
      assertThat(db.pendingMigrations()).isEmpty();
    }
  }
}
