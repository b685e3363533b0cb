package io.mcpbot.core.mcp.sandbox;

import java.util.Optional;

/**
 * Which sandbox is active and, when {@code AUTO} fell back or a part is unavailable, a warning
 * naming what is missing and how to fix it. Immutable; {@code warning} is empty when all is well.
 */
public record SandboxStatus(Kind kind, SandboxMode mode, String detail, Optional<String> warning) {
  /** The active sandbox. */
  public enum Kind {
    BWRAP,
    NONE
  }

  public SandboxStatus {
    warning = warning == null ? Optional.empty() : warning;
  }

  public boolean active() {
    return kind == Kind.BWRAP;
  }

  /** One line for the bot's ready line and {@code init-db}, e.g. {@code sandbox: bubblewrap...}. */
  public String readyLine() {
    return active()
        ? "sandbox: " + detail
        : "sandbox: OFF (MCP_SANDBOX="
            + mode.name().toLowerCase(java.util.Locale.ROOT)
            + ")"
            + warning.map(w -> " - WARNING: " + w).orElse("");
  }
}
