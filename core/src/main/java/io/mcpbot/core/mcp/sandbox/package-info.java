/**
 * A bubblewrap sandbox per MCP server process. {@link io.mcpbot.core.mcp.sandbox.Sandbox#detect}
 * probes once at start ({@code MCP_SANDBOX=auto|bwrap|off}); {@link
 * io.mcpbot.core.mcp.sandbox.Sandbox#wrap} turns a server command plus a {@link
 * io.mcpbot.core.mcp.sandbox.SandboxSpec} (built from the server's {@link
 * io.mcpbot.core.mcp.sandbox.SandboxPolicy}) into the argv to spawn.
 */
package io.mcpbot.core.mcp.sandbox;
