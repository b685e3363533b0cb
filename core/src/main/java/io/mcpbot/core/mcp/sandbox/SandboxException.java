package io.mcpbot.core.mcp.sandbox;

import io.mcpbot.core.mcp.McpException;

/**
 * The sandbox cannot be used: bubblewrap missing or failing under {@code MCP_SANDBOX=bwrap}, or a
 * spec naming a path that does not exist. The message says what is missing and how to fix it.
 */
public final class SandboxException extends McpException {
  public SandboxException(String message) {
    super(message);
  }
}
