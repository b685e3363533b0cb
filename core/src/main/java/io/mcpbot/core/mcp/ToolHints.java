package io.mcpbot.core.mcp;

/**
 * The behaviour hints of a tool's MCP annotations, as the server sent them: each null when the
 * annotations omit it (the 2025-11-25 defaults are readOnlyHint false, destructiveHint true,
 * idempotentHint false, openWorldHint true). Immutable and thread-safe. Hints come from the server
 * and are not guarantees.
 */
public record ToolHints(
    Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint, Boolean openWorldHint) {

  /** Annotations present but saying nothing: every hint at its spec default. */
  public static final ToolHints UNSPECIFIED = new ToolHints(null, null, null, null);

  /** A tool annotated read-only. */
  public static final ToolHints READ_ONLY = new ToolHints(true, null, null, null);

  /** Whether the tool only reads: readOnlyHint true (absent means false). */
  public boolean readOnly() {
    return Boolean.TRUE.equals(readOnlyHint);
  }

  /** Whether the tool may destroy things: not read-only and destructiveHint not false. */
  public boolean destructive() {
    return !readOnly() && !Boolean.FALSE.equals(destructiveHint);
  }
}
