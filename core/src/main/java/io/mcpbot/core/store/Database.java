package io.mcpbot.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * An open database: a Hikari connection pool, Flyway migrations from {@code
 * classpath:db/migration}, and a {@link Jdbi} on top. Thread-safe; open once per process and {@link
 * #close()} at shutdown.
 */
public final class Database implements AutoCloseable {

  /**
   * How to open the pool. Immutable.
   *
   * @param maxPoolSize maximum pooled connections (at least 1)
   * @param connectionTimeout how long to wait for a connection before failing
   * @param sqlEcho log every statement at INFO on logger {@code io.mcpbot.core.store.sql}, with
   *     credential values masked (the SQL_ECHO setting)
   */
  public record Options(int maxPoolSize, Duration connectionTimeout, boolean sqlEcho) {
    public Options {
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException("maxPoolSize must be >= 1, was " + maxPoolSize);
      }
      Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    }

    /** 10 connections, 10 s connection timeout, no SQL echo. */
    public static Options defaults() {
      return new Options(10, Duration.ofSeconds(10), false);
    }

    /** A copy with SQL echo switched on or off. */
    public Options withSqlEcho(boolean echo) {
      return new Options(maxPoolSize, connectionTimeout, echo);
    }

    /** A copy with another connection timeout. */
    public Options withConnectionTimeout(Duration timeout) {
      return new Options(maxPoolSize, timeout, sqlEcho);
    }
  }

  /**
   * One migration Flyway applied.
   *
   * @param version e.g. {@code 1}
   * @param description e.g. {@code schema}
   */
  public record Migration(String version, String description) {}

  private final DatabaseUrl url;
  private final HikariDataSource dataSource;
  private final Connection held;
  private final Jdbi jdbi;

  private Database(DatabaseUrl url, HikariDataSource dataSource, Connection held, boolean sqlEcho) {
    this.url = url;
    this.dataSource = dataSource;
    this.held = held;
    this.jdbi = Jdbi.create(dataSource::getConnection).installPlugin(new SqlObjectPlugin());
    // Jdbi's default exception text lists bound values; ours names the statement only, because a
    // bound value may be a credential token.
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::statementOnly);
    if (sqlEcho) {
      jdbi.setSqlLogger(new MaskingSqlLogger());
    }
  }

  /**
   * Opens the pool and checks that a connection can be made (migrations are not run: call {@link
   * #migrate()}). Creates the H2 data directory if needed.
   *
   * @throws StoreException "Database connection failed: ..." naming the target, never the password
   */
  public static Database open(DatabaseUrl url, Options options) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(options, "options");
    url.h2FileDirectory().ifPresent(dir -> createDirectory(url, dir));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.jdbcUrl());
    url.user().ifPresent(config::setUsername);
    url.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(options.maxPoolSize());
    config.setMinimumIdle(Math.min(2, options.maxPoolSize()));
    config.setConnectionTimeout(Math.max(250, options.connectionTimeout().toMillis()));
    config.setInitializationFailTimeout(1);
    config.setPoolName("mcpbot-db");
    if (url.kind() == DatabaseUrl.Kind.POSTGRESQL) {
      // PostgreSQL's error detail quotes row values ("Failing row contains (...)"); a row may hold
      // a credential token, so keep server details out of exception messages.
      config.addDataSourceProperty("logServerErrorDetail", "false");
    }
    Connection held = null;
    try {
      held = url.h2MixedMode() ? H2MixedMode.hold(url) : null;
      return new Database(url, new HikariDataSource(config), held, options.sqlEcho());
    } catch (SQLException | RuntimeException e) {
      closeQuietly(held);
      throw ConnectionLoss.connectionFailed(url, e);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing after a failed open; the open's error is the one to report
      }
    }
  }

  /** Opens with {@link Options#defaults()}. */
  public static Database open(DatabaseUrl url) {
    return open(url, Options.defaults());
  }

  // The folder holds every user's credentials (encrypted) and conversations: owner only. A folder
  // that already exists keeps the permissions its operator gave it.
  private static void createDirectory(DatabaseUrl url, java.nio.file.Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return;
      }
      java.nio.file.Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        try {
          Files.createDirectory(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException raced) {
          // another process created it first
        }
      } else {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new StoreException(
          "Cannot create the database directory "
              + dir
              + " for "
              + url.target()
              + ": "
              + e.getMessage()
              + ". Make it writable or set DATABASE_URL",
          e);
    }
  }

  private static String statementOnly(StatementException e) {
    String cause = e.getShortMessage() == null ? "" : e.getShortMessage();
    var ctx = e.getStatementContext();
    if (ctx == null || ctx.getRenderedSql() == null) {
      return cause;
    }
    String sql = ctx.getRenderedSql().strip().replaceAll("\\s+", " ");
    return cause + " [statement: " + (sql.length() > 200 ? sql.substring(0, 200) + "…" : sql) + "]";
  }

  /**
   * Applies pending migrations; idempotent.
   *
   * @return the migrations applied by this call, empty when the schema was already current
   */
  public List<Migration> migrate() {
    try {
      MigrateResult result = flyway().migrate();
      return result.migrations.stream().map(m -> new Migration(m.version, m.description)).toList();
    } catch (FlywayException e) {
      throw flywayFailed(
          "Database migration failed on ",
          e,
          "Check that DATABASE_URL points at mcpbot's database and the user may create tables");
    }
  }

  /**
   * Migrations not yet applied: all of them on an empty database, none when the schema is current.
   * Commands that must not change the schema (dry runs) check this instead of failing later on a
   * missing table.
   *
   * @throws StoreException if Flyway cannot read the schema history
   */
  public List<Migration> pendingMigrations() {
    try {
      return Arrays.stream(flyway().info().pending())
          .map(m -> new Migration(m.getVersion().getVersion(), m.getDescription()))
          .toList();
    } catch (FlywayException e) {
      throw flywayFailed(
          "Cannot read the schema version of ",
          e,
          "Check that DATABASE_URL points at mcpbot's database");
    }
  }

  /** "{what}{target}: {Flyway's reason, any password masked}. {fix}" */
  private StoreException flywayFailed(String what, FlywayException e, String fix) {
    return new StoreException(
        what + url.target() + ": " + DatabaseUrl.mask(String.valueOf(e.getMessage())) + ". " + fix,
        e);
  }

  private Flyway flyway() {
    return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
  }

  /**
   * The Jdbi bound to this pool (with the sqlobject plugin); reached only through {@link Store}.
   */
  Jdbi jdbi() {
    return jdbi;
  }

  /** The pooled data source; tests reach it through their own helper in this package. */
  DataSource dataSource() {
    return dataSource;
  }

  /**
   * A new connection outside the pool, for a replica's LISTEN loop: it stays open for long and must
   * not take a pooled connection away from turns. The caller closes it.
   *
   * @throws SQLException when the database cannot be reached
   */
  Connection openDedicatedConnection() throws SQLException {
    java.util.Properties props = new java.util.Properties();
    url.user().ifPresent(u -> props.setProperty("user", u));
    url.password().ifPresent(p -> props.setProperty("password", p));
    if (url.kind() == DatabaseUrl.Kind.POSTGRESQL) {
      props.setProperty("logServerErrorDetail", "false");
    }
    return java.sql.DriverManager.getConnection(url.jdbcUrl(), props);
  }

  /** The URL this database was opened with (password masked in its toString). */
  public DatabaseUrl url() {
    return url;
  }

  /** Closes the pool (and, in H2 mixed mode, the holding connection last); idempotent. */
  @Override
  public void close() {
    dataSource.close();
    closeQuietly(held);
  }

  @Override
  public String toString() {
    return "Database[" + url.target() + "]";
  }
}
