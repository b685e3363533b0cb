package io.mcpbot.core.store;

import io.mcpbot.core.McpbotException;

/**
 * A database problem: an unusable DATABASE_URL, a failed connection or migration. The message names
 * the target (host and database, never the password) and the fix. Immutable and thread-safe.
 */
public class StoreException extends McpbotException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
