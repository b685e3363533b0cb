package io.mcpbot.core.store;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Portable "insert unless it exists" without ON CONFLICT or MERGE. */
final class Sql {
  private static final AtomicLong SAVEPOINTS = new AtomicLong();

  private Sql() {}

  /**
   * Runs {@code insert}; returns false instead of failing when it hits a unique constraint
   * (SQLState 23505 on both H2 and PostgreSQL). Inside a transaction the attempt runs under a
   * savepoint, because PostgreSQL aborts the whole transaction on an error otherwise.
   */
  static boolean tryInsert(Handle handle, Runnable insert) {
    String savepoint = null;
    if (handle.isInTransaction()) {
      savepoint = "mcpbot_sp_" + SAVEPOINTS.incrementAndGet();
      handle.savepoint(savepoint);
    }
    try {
      insert.run();
      if (savepoint != null) {
        handle.releaseSavepoint(savepoint);
      }
      return true;
    } catch (UnableToExecuteStatementException e) {
      if (!isUniqueViolation(e)) {
        throw e;
      }
      if (savepoint != null) {
        handle.rollbackToSavepoint(savepoint);
      }
      return false;
    }
  }

  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
