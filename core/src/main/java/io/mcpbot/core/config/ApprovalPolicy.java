package io.mcpbot.core.config;

import io.mcpbot.core.Require;
import java.util.List;
import java.util.Objects;

/**
 * When a server's tools need the user's approval before they run ({@code "approval"} and {@code
 * "safe_tools"} in servers_config.json). Immutable and thread-safe; never null fields.
 *
 * @param mode never, writes (the default) or always
 * @param safeTools tools without annotations the admin declares read-only (only used by writes)
 */
public record ApprovalPolicy(Mode mode, List<String> safeTools) {

  /** Which tools ask first. */
  public enum Mode {
    /** No tool asks. */
    NEVER,
    /** Tools that may change things ask: see {@link ApprovalPolicy#asks}. */
    WRITES,
    /** Every tool asks. */
    ALWAYS
  }

  /** The default: {@code writes}, no safe tools. */
  public static final ApprovalPolicy DEFAULT = new ApprovalPolicy(Mode.WRITES, List.of());

  public ApprovalPolicy {
    Objects.requireNonNull(mode, "mode");
    safeTools = Require.copyOrEmpty(safeTools);
  }

  /**
   * Whether {@code tool} must be approved before it runs. Under {@code writes} that is a tool whose
   * annotations say it is not read-only and destructive or not, following the MCP 2025-11-25
   * defaults (readOnlyHint false, destructiveHint true), and a tool without annotations unless
   * {@code safe_tools} lists it.
   *
   * @param readOnlyHint the tool's readOnlyHint, null when its annotations omit it
   * @param annotated whether the tool came with annotations at all
   */
  public boolean asks(String tool, boolean annotated, Boolean readOnlyHint) {
    return switch (mode) {
      case NEVER -> false;
      case ALWAYS -> true;
      case WRITES -> annotated ? !Boolean.TRUE.equals(readOnlyHint) : !safeTools.contains(tool);
    };
  }
}
