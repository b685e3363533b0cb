package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

class DatabaseTest {

  private static final Database.Options FAST_FAIL =
      Database.Options.defaults().withConnectionTimeout(Duration.ofMillis(500));

  @ParameterizedTest
  @EnumSource(Engine.class)
  void migrateAppliesEveryVersionOnceAndIsIdempotent(Engine engine) {
    DatabaseUrl url = TestDatabases.emptyUrl(engine);
    try (Database db = Database.open(url)) {
      assertThat(db.migrate())
          .containsExactly(
              new Database.Migration("1", "schema"),
              new Database.Migration("2", "message is error"),
              new Database.Migration("3", "oauth"),
              new Database.Migration("4", "turn usage"),
              new Database.Migration("5", "tool approvals"),
              new Database.Migration("6", "session changes"),
              new Database.Migration("7", "turn handoffs"));
      assertThat(db.migrate()).isEmpty();
    }
    try (Database db = Database.open(url)) {
      assertThat(db.migrate()).isEmpty();
      long users =
          db.jdbi().withHandle(h -> h.select("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
      assertThat(users).isZero();
    }
  }

  @Test
  void embeddedH2CreatesItsDataDirectoryOnFirstUse(@TempDir Path tmp) {
    Path dataDir = tmp.resolve("nested/data");
    try (Database db = Database.open(DatabaseUrl.parse(null, dataDir))) {
      // every migration applied on first use, none left for a second run
      assertThat(db.migrate()).isNotEmpty();
      assertThat(db.migrate()).isEmpty();
    }
    assertThat(dataDir).isDirectory();
    assertThat(Files.exists(dataDir.resolve("mcpbot.mv.db"))).isTrue();
  }

  @Test
  void anH2FileHeldByAnotherMcpbotIsSharedThroughMixedMode(@TempDir Path tmp) throws Exception {
    DatabaseUrl url = DatabaseUrl.parse(null, tmp);
    try (Database db = Database.open(url)) {
      db.migrate();
    }
    try (H2Holder holder = H2Holder.start(url.jdbcUrl())) {
      try (Database db = Database.open(url, FAST_FAIL)) {
        assertThat(db.migrate()).isEmpty();
        Store store = Store.of(db);
        long user = store.users().upsert("USHARED", UserProfile.empty()).id();
        assertThat(store.users().findBySlackId("USHARED").orElseThrow().id()).isEqualTo(user);
      }
      assertThat(holder.alive()).isTrue();
    }
    try (Database db = Database.open(url, FAST_FAIL)) {
      assertThat(Store.of(db).users().findBySlackId("USHARED")).isPresent();
    }
  }

  @Test
  void anH2FileHeldWithoutMixedModeNamesTheFix(@TempDir Path tmp) throws Exception {
    DatabaseUrl url = DatabaseUrl.parse(null, tmp);
    try (Database db = Database.open(url)) {
      db.migrate();
    }
    // An older mcpbot, or a DATABASE_URL with AUTO_SERVER=FALSE, holds the file exclusively.
    String exclusive = url.jdbcUrl().replace("AUTO_SERVER=TRUE", "AUTO_SERVER=FALSE");
    try (H2Holder holder = H2Holder.start(exclusive)) {
      assertThatThrownBy(() -> Database.open(url, FAST_FAIL))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("Database connection failed: H2 file ")
          .hasMessageContaining("Another process holds the H2 database without sharing it")
          .hasMessageContaining("AUTO_SERVER=TRUE");
    }
  }

  @Test
  void wrongPortGivesTheGuidesMessageWithoutThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    DatabaseUrl url =
        DatabaseUrl.parse("postgresql+asyncpg://bot:Sup3rS3cret@127.0.0.1:" + port + "/mcpbot");
    assertThatThrownBy(() -> Database.open(url, FAST_FAIL))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("Database connection failed: 127.0.0.1:" + port + "/mcpbot, ")
        .hasMessageContaining("refused")
        .hasMessageEndingWith("Check DATABASE_URL and that PostgreSQL is running")
        .message()
        .doesNotContain("Sup3rS3cret");
  }

  @Test
  void missingDatabaseNamesTheTarget() {
    DatabaseUrl url = DatabaseUrl.parse(TestDatabases.postgresUrl("no_such_db"));
    assertThatThrownBy(() -> Database.open(url, FAST_FAIL))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("/no_such_db, ")
        .hasMessageContaining("does not exist")
        .message()
        .doesNotContain("postgres:postgres");
  }

  @Test
  void databaseStoppedWhileRunningGivesTheSameClearError() throws Exception {
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    String password = "Outage-Secret-42";
    DatabaseUrl url =
        DatabaseUrl.parse(
            "postgres://postgres:" + password + "@localhost:" + pg.getPort() + "/postgres");
    try (Database db = Database.open(url, FAST_FAIL)) {
      db.migrate();
      Store store = Store.of(db);
      assertThat(store.events().markProcessed("Ev1")).isTrue();
      pg.close();
      assertThatThrownBy(() -> store.events().markProcessed("Ev2"))
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("Database connection failed: localhost:" + pg.getPort())
          .hasMessageEndingWith("Check DATABASE_URL and that PostgreSQL is running")
          .message()
          .doesNotContain(password);
    } finally {
      pg.close();
    }
  }

  /** Runs {@code work} on a fresh H2 store with SQL_ECHO on; returns what it logged. */
  static String echoed(java.util.function.Consumer<Store> work) {
    Logger logger = (Logger) LoggerFactory.getLogger("io.mcpbot.core.store.sql");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try (Database db =
        Database.open(
            TestDatabases.emptyUrl(Engine.H2), Database.Options.defaults().withSqlEcho(true))) {
      db.migrate();
      work.accept(Store.of(db));
    } finally {
      logger.detachAppender(appender);
    }
    return appender.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .collect(Collectors.joining("\n"));
  }

  @Test
  void sqlEchoLogsStatementsWithCredentialValuesMasked() {
    String log =
        echoed(
            store -> {
              long userId =
                  store.users().upsert("UECHO1", new UserProfile("echo", null, null)).id();
              // A definition may hold a literal secret an admin pasted (env value, URL query).
              long serverId =
                  store
                      .servers()
                      .insert(
                          "echo-srv", "d", "{\"url\":\"https://h/mcp?key=pasted-SECRET\"}", true)
                      .id();
              store
                  .credentials()
                  .put(userId, serverId, "API_KEY", "api_key", "gAAAA-token-value-XYZ");
              long rowId =
                  store.secretColumns().scan(EncryptedColumn.CREDENTIAL, 0, 10).getFirst().id();
              store
                  .secretColumns()
                  .compareAndSet(
                      EncryptedColumn.CREDENTIAL,
                      rowId,
                      "gAAAA-token-value-XYZ",
                      "gAAAA-rotated-ABC");
            });
    assertThat(log)
        .contains("INSERT INTO user_credentials")
        .contains("encryptedValue=<masked>")
        .contains("UECHO1")
        .contains("API_KEY")
        .contains("INSERT INTO mcp_servers")
        .contains("name=echo-srv")
        .doesNotContain("pasted-SECRET")
        .doesNotContain("gAAAA");
  }

  @Test
  void sqlEchoMasksMessageContentToolArgumentsAndToolErrors() {
    String log =
        echoed(
            store -> {
              long userId = store.users().upsert("UECHO2", UserProfile.empty()).id();
              long conv = store.conversations().findOrCreate(userId, "D0ECHO", "1.0").id();
              store
                  .conversations()
                  .append(conv, MessageRole.USER, "my diary: PRIVATE-USER-TEXT", null, null, false);
              store
                  .conversations()
                  .append(
                      conv,
                      MessageRole.ASSISTANT,
                      "PRIVATE-MODEL-ANSWER",
                      "[{\"id\":\"c1\",\"arguments\":\"PRIVATE-TOOL-ARGS\"}]",
                      null,
                      false);
              store
                  .conversations()
                  .append(conv, MessageRole.TOOL, "PRIVATE-TOOL-RESULT", null, "c1", true);
              store
                  .toolCalls()
                  .record(
                      new ToolCallAudit(
                          userId,
                          conv,
                          "srv",
                          "read",
                          java.time.Instant.now(),
                          3,
                          false,
                          "PRIVATE-TOOL-ERROR",
                          17));
            });
    assertThat(log)
        .contains("INSERT INTO messages")
        .contains("content=<masked>")
        .contains("toolCalls=<masked>")
        .contains("a.errorMessage=<masked>")
        .contains("a.argumentBytes=17")
        .contains("D0ECHO")
        .doesNotContain("PRIVATE-");
  }

  @Test
  void theEmbeddedH2FolderIsCreatedForItsOwnerOnly(@TempDir Path tmp) throws Exception {
    Path dataDir = tmp.resolve("fresh/data");
    try (Database db = Database.open(DatabaseUrl.parse(null, dataDir))) {
      db.migrate();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
    // a folder the operator made keeps the permissions they chose
    Path own = Files.createDirectory(tmp.resolve("own"));
    Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxr-x---"));
    try (Database db = Database.open(DatabaseUrl.parse(null, own))) {
      db.migrate();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own)))
        .isEqualTo("rwxr-x---");
  }
}
