package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.SeededCredentials;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InitDbCommandTest {
  private static final String KEY = KeyRing.generateKey();
  private static final String OLDER_KEY = KeyRing.generateKey();

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("io.mcpbot.core.testing.TestDatabases#engines")
  void migratesOnceThenIsUpToDateAndChecksEncryption(Engine engine) {
    DatabaseUrl url = TestDatabases.emptyUrl(engine);
    Map<String, String> env = Map.of("DATABASE_URL", Cli.databaseUrl(url), "ENCRYPTION_KEY", KEY);

    Cli.Run first = Cli.run(env, "init-db");
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("Schema: applied V1 schema")
        .contains("Encryption: round trip OK (1 key in the ring)")
        .contains("Stored credentials: none yet")
        .contains("Sandbox: bubblewrap ");

    Cli.Run second = Cli.run(env, "init-db");
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.out()).contains("Schema: up to date");
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("io.mcpbot.core.testing.TestDatabases#engines")
  void saysWhenTheSandboxIsOffAndRefusesABadMode(Engine engine) {
    DatabaseUrl url = TestDatabases.emptyUrl(engine);
    String db = Cli.databaseUrl(url);
    Cli.Run off =
        Cli.run(Map.of("DATABASE_URL", db, "ENCRYPTION_KEY", KEY, "MCP_SANDBOX", "off"), "init-db");
    assertThat(off.code()).as(off.toString()).isZero();
    assertThat(off.out()).contains("Sandbox: OFF (MCP_SANDBOX=off)");

    Cli.Run bad =
        Cli.run(Map.of("DATABASE_URL", db, "ENCRYPTION_KEY", KEY, "MCP_SANDBOX", "yes"), "init-db");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("error: MCP_SANDBOX must be auto").contains("(got 'yes')");
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("io.mcpbot.core.testing.TestDatabases#engines")
  void warnsWithCountsWhenStoredCredentialsDoNotOpen(Engine engine) {
    DatabaseUrl url = TestDatabases.emptyUrl(engine);
    KeyRing current = KeyRing.parse("k", KEY);
    KeyRing older = KeyRing.parse("o", OLDER_KEY);
    try (Database db = Database.open(url)) {
      db.migrate();
      Store store = Store.of(db);
      SeededCredentials.seed(store, current, 3, "A");
      SeededCredentials.seed(store, older, 2, "B");
      SeededCredentials.seed(store, KeyRing.of("lost", List.of(KeyRing.generateKey())), 1, "C");
    }
    String both = KEY + "," + OLDER_KEY;
    Cli.Run r =
        Cli.run(Map.of("DATABASE_URL", Cli.databaseUrl(url), "ENCRYPTION_KEY", both), "init-db");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Stored credentials: 6; checked 6: 5 open with the configured keys")
        .contains("2 under an older key: run rotate-key");
    assertThat(r.err()).contains("warning: 1 of 6 sampled credentials open with no configured key");
  }
}
