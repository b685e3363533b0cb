package io.mcpbot.core.testing;

import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.TestDatabases.Engine;
import org.jdbi.v3.core.Jdbi;

/**
 * One fresh, migrated test database: its engine, {@link Database} and {@link Store}. Closing it
 * closes the pool and (PostgreSQL) drops the database. Thread-safe like {@link Store}.
 */
public final class TestDb implements AutoCloseable {
  private final Engine engine;
  private final Database database;
  private final Store store;
  private final Runnable cleanup;

  TestDb(Engine engine, Database database, Runnable cleanup) {
    this.engine = engine;
    this.database = database;
    this.store = Store.of(database);
    this.cleanup = cleanup;
  }

  public Engine engine() {
    return engine;
  }

  public Database database() {
    return database;
  }

  public Store store() {
    return store;
  }

  /**
   * A Jdbi over this database's pool for tests' own SQL (the store keeps its Jdbi to itself). It
   * shares no thread-bound handle with the store: its statements never join a store transaction.
   */
  public Jdbi jdbi() {
    return Jdbi.create(io.mcpbot.core.store.RawSql.dataSource(database));
  }

  @Override
  public void close() {
    if (engine == Engine.H2) {
      // In-memory H2 databases outlive the pool (DB_CLOSE_DELAY=-1); free their rows now.
      jdbi().useHandle(h -> h.execute("DROP ALL OBJECTS"));
    }
    database.close();
    cleanup.run();
  }

  /** The engine name, so parameterized tests display "[H2]" and "[POSTGRESQL]". */
  @Override
  public String toString() {
    return engine.name();
  }
}
