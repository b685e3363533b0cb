package io.mcpbot.core.mcp;

import io.mcpbot.core.McpbotException;

/**
 * A per-user MCP session could not be used: bad user id, server not enabled, pool busy, start
 * failure. Messages name the server and the fix, never a secret. Immutable, thread-safe.
 */
public class McpException extends McpbotException {
  public McpException(String message) {
    super(message);
  }

  public McpException(String message, Throwable cause) {
    super(message, cause);
  }
}
