package io.mcpbot.core.store;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Portable "insert unless it exists" and "update else insert" without ON CONFLICT or MERGE. */
final class Sql {
  private static final AtomicLong SAVEPOINTS = new AtomicLong();

  private Sql() {}

  /**
   * Updates the row, else inserts it, else (another thread or instance inserted it between the two)
   * updates it again. H2 does not share PostgreSQL's ON CONFLICT, so this is the one portable
   * upsert; correct under READ COMMITTED, where the second update sees the row the other side
   * committed (its insert made ours wait, then fail on the unique key).
   *
   * @param handle the handle {@code update} and {@code insert} run on (a repository's own)
   * @param update the UPDATE, returning the rows it changed
   * @param insert the INSERT
   */
  static void upsert(Handle handle, IntSupplier update, Runnable insert) {
    if (update.getAsInt() > 0) {
      return;
    }
    if (!tryInsert(handle, insert)) {
      update.getAsInt();
    }
  }

  /**
   * Runs the insert (a repository method on {@code handle}); returns false instead of failing when
   * it hits a unique constraint (SQLState 23505 on both H2 and PostgreSQL). Inside a transaction
   * the attempt runs under a savepoint, because PostgreSQL aborts the whole transaction on an error
   * otherwise.
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
