package io.mcpbot.core;

/**
 * Root of every exception mcpbot throws on purpose. Messages name the problem and the fix and never
 * contain a secret. Immutable; safe to share across threads.
 */
public class McpbotException extends RuntimeException {
  public McpbotException(String message) {
    super(message);
  }

  public McpbotException(String message, Throwable cause) {
    super(message, cause);
  }
}
