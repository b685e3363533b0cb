package io.mcpbot.core.store;

import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;

/**
 * What a failed or lost database connection looks like to callers: one clear {@link StoreException}
 * ("Database connection failed: target, reason. fix") with no secret in it, the same at startup and
 * mid-run. Stateless.
 */
final class ConnectionLoss {
  private ConnectionLoss() {}

  /**
   * Turns an exception that means "no connection" (none could be had from the pool, SQLState class
   * 08, PostgreSQL shutdown 57P0x, H2 broken/closed connection) into the clear {@link
   * StoreException}; returns any other exception unchanged.
   */
  static RuntimeException translate(DatabaseUrl url, RuntimeException e) {
    if (e instanceof StoreException) {
      return e;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectionException
          || t instanceof SQLException sql && isConnectionLost(sql.getSQLState())) {
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
                ? "Another process holds the H2 database without sharing it: mcpbot opens its"
                    + " embedded H2 in mixed mode (AUTO_SERVER=TRUE) so admin commands work while"
                    + " the bot runs, but the holder (an older mcpbot, a DATABASE_URL with"
                    + " AUTO_SERVER=FALSE, or another tool) did not; stop it or open it with"
                    + " AUTO_SERVER=TRUE"
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
}
