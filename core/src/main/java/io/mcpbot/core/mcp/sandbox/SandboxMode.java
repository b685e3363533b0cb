package io.mcpbot.core.mcp.sandbox;

import java.util.Locale;

/**
 * {@code MCP_SANDBOX}: {@code AUTO} uses bubblewrap when it works and otherwise runs servers
 * unsandboxed with a loud warning, {@code BWRAP} refuses to start without it, {@code OFF} never
 * sandboxes. Immutable.
 */
public enum SandboxMode {
  AUTO,
  BWRAP,
  OFF;

  /** Parses {@code auto|bwrap|off} (any case); throws with the accepted values otherwise. */
  public static SandboxMode parse(String value) {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "auto", "" -> AUTO;
      case "bwrap", "bubblewrap" -> BWRAP;
      case "off", "none" -> OFF;
      default ->
          throw new IllegalArgumentException(
              "MCP_SANDBOX must be auto, bwrap or off (got '" + value + "')");
    };
  }
}
