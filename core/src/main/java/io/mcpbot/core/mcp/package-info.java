/**
 * Per-user MCP sessions. {@link io.mcpbot.core.mcp.SessionPool} is the public face: a user's {@link
 * io.mcpbot.core.mcp.ToolCatalog} (tools named {@code <server>__<tool>} plus the servers that could
 * not run and why), tool calls routed to that user's own server process, prewarm, invalidation on
 * disable/credential change, status for the App Home and bounded shutdown.
 *
 * <p>Every stdio server runs with an environment built from nothing (allowlist, server env, the
 * user's credentials), in {@code <root>/<userId>} (0700), through our own transport that owns the
 * process tree (SIGTERM, grace, SIGKILL of all descendants) and never respawns after close. The
 * SDK's client handles the protocol; HTTP servers use its streamable-HTTP transport.
 */
package io.mcpbot.core.mcp;
