package io.mcpbot.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
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
  private final Jdbi jdbi;

  private Database(DatabaseUrl url, HikariDataSource dataSource, boolean sqlEcho) {
    this.url = url;
    this.dataSource = dataSource;
    // A connection lost later (database stopped, network gone) surfaces as the same clear
    // StoreException as a failure at startup, not as a raw driver exception.
    this.jdbi =
        Jdbi.create(
                () -> {
                  try {
                    return dataSource.getConnection();
                  } catch (SQLException e) {
                    throw connectionFailed(url, e);
                  }
                })
            .installPlugin(new SqlObjectPlugin());
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
    try {
      return new Database(url, new HikariDataSource(config), options.sqlEcho());
    } catch (RuntimeException e) {
      throw connectionFailed(url, e);
    }
  }

  /** Opens with {@link Options#defaults()}. */
  public static Database open(DatabaseUrl url) {
    return open(url, Options.defaults());
  }

  private static void createDirectory(DatabaseUrl url, java.nio.file.Path dir) {
    try {
      Files.createDirectories(dir);
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

  /** Builds the message the guide's troubleshooting section expects, with no secret in it. */
  static StoreException connectionFailed(DatabaseUrl url, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (root instanceof SQLException sql && sql.getSQLState() != null) {
      reason = reason + " (SQLState " + sql.getSQLState() + ")";
    }
    String secret = url.password().orElse(null);
    if (secret != null && !secret.isEmpty()) {
      reason = reason.replace(secret, "<masked>");
    }
    String hint =
        url.kind() == DatabaseUrl.Kind.POSTGRESQL
            ? "Check DATABASE_URL and that PostgreSQL is running"
            : h2Locked(root)
                ? "The embedded H2 database admits one process at a time: stop the other mcpbot"
                    + " process (e.g. the running bot) first, or set DATABASE_URL to PostgreSQL to"
                    + " run admin commands while the bot runs"
                : "Check DATABASE_URL and that no other process holds the H2 database";
    return new StoreException(
        "Database connection failed: " + url.target() + ", " + reason + ". " + hint, null);
  }

  /** H2's "file is locked" / "database may be already in use" (error 90020). */
  private static boolean h2Locked(Throwable root) {
    String m = String.valueOf(root.getMessage());
    return (root instanceof SQLException sql && sql.getErrorCode() == 90020)
        || m.contains("The file is locked")
        || m.contains("already in use");
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
   * Turns an exception that means "the connection is gone" (SQLState class 08, PostgreSQL shutdown
   * 57P0x, H2 broken/closed connection) into the clear {@link StoreException}; returns any other
   * exception unchanged.
   */
  static RuntimeException translate(DatabaseUrl url, RuntimeException e) {
    if (e instanceof StoreException) {
      return e;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && isConnectionLost(sql.getSQLState())) {
        return connectionFailed(url, e);
      }
    }
    return e;
  }

  private static boolean isConnectionLost(String state) {
    return state != null
        && (state.startsWith("08")
            || state.startsWith("57P0")
            || state.equals("90067")
            || state.equals("90098")
            || state.equals("90121"));
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
      throw new StoreException(
          "Database migration failed on "
              + url.target()
              + ": "
              + DatabaseUrl.mask(String.valueOf(e.getMessage()))
              + ". Check that DATABASE_URL points at mcpbot's database and the user may create"
              + " tables",
          e);
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
      throw new StoreException(
          "Cannot read the schema version of "
              + url.target()
              + ": "
              + DatabaseUrl.mask(String.valueOf(e.getMessage()))
              + ". Check that DATABASE_URL points at mcpbot's database",
          e);
    }
  }

  private Flyway flyway() {
    return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
  }

  /** The Jdbi bound to this pool (with the sqlobject plugin). */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** The pooled data source, for code that needs plain JDBC. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** The URL this database was opened with (password masked in its toString). */
  public DatabaseUrl url() {
    return url;
  }

  /** Closes the pool; idempotent. */
  @Override
  public void close() {
    dataSource.close();
  }

  @Override
  public String toString() {
    return "Database[" + url.target() + "]";
  }
}
