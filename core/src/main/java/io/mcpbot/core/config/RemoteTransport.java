package io.mcpbot.core.config;

/**
 * How the bot speaks to a remote server ({@code "transport"} in servers_config.json). {@link #AUTO}
 * (the key unset) probes as the MCP spec's backwards-compatibility section describes: streamable
 * HTTP first, then the legacy HTTP+SSE transport.
 */
public enum RemoteTransport {
  /** Streamable HTTP, falling back to HTTP+SSE when the server rejects it. */
  AUTO,
  /** Streamable HTTP only ({@code "streamable-http"}). */
  STREAMABLE_HTTP,
  /** The 2024-11-05 HTTP+SSE transport only ({@code "sse"}). */
  SSE
}
