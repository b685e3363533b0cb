/**
 * A bubblewrap sandbox per MCP server process. {@link io.mcpbot.core.mcp.sandbox.Sandbox#detect}
 * probes once at start ({@code MCP_SANDBOX=auto|bwrap|off}); {@link
 * io.mcpbot.core.mcp.sandbox.Sandbox#wrap} turns a server command plus a {@link
 * io.mcpbot.core.mcp.sandbox.SandboxSpec} (built from the server's {@link
 * io.mcpbot.core.mcp.sandbox.SandboxPolicy}) into the argv to spawn.
 *
 * <p>Package caches: HOME is {@code <userDir>/.home}, so npx's cache ({@code ~/.npm}) and uvx's
 * ({@code ~/.cache/uv}) are per user. A shared writable cache would let one user's server plant
 * code that another user's server then runs, and bubblewrap 0.8 has no overlay mount to layer a
 * shared read-only cache under a per-user one. The cost is the first start of each npx server per
 * user (a download: ~9 s and ~50 MB for server-memory on a quiet machine, 20-35 s under load);
 * later starts use the user's own cache. Packages installed in a local project can be run without
 * the registry with {@code npx --prefix <project> -y <bin>} and the project in {@code read_only}.
 *
 * <p>Not guaranteed: the sandbox shares the host's kernel (a kernel exploit escapes it); with the
 * network on, a server can reach whatever the host can (cut it per server with {@code network:
 * false}); the memory limit is per process (RLIMIT_DATA), not per session; the process limit is not
 * enforced when the bot runs as root.
 */
package io.mcpbot.core.mcp.sandbox;
