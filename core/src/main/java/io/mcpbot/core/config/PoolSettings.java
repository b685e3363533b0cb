package io.mcpbot.core.config;

import io.mcpbot.core.mcp.sandbox.SandboxMode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the MCP session pool reads from the environment. Immutable.
 *
 * @param userDataRoot USER_DATA_DIR, root of the per-user directories, default ./user_data
 * @param sandbox MCP_SANDBOX: auto (default), bwrap or off
 */
public record PoolSettings(Path userDataRoot, SandboxMode sandbox) {
  public PoolSettings {
    Objects.requireNonNull(userDataRoot, "userDataRoot");
    Objects.requireNonNull(sandbox, "sandbox");
  }

  /** USER_DATA_DIR with the default sandbox mode ({@code auto}). */
  public PoolSettings(Path userDataRoot) {
    this(userDataRoot, SandboxMode.AUTO);
  }

  /** Reads USER_DATA_DIR and MCP_SANDBOX; a bad MCP_SANDBOX is a problem every command reports. */
  static PoolSettings parse(SettingsParser parser) {
    SandboxMode mode = SandboxMode.AUTO;
    String raw = parser.get("MCP_SANDBOX").orElse("auto");
    try {
      mode = SandboxMode.parse(raw);
    } catch (IllegalArgumentException e) {
      parser.bad(
          null,
          "MCP_SANDBOX",
          "MCP_SANDBOX must be auto (bubblewrap when it works, else a warning), bwrap (refuse to"
              + " start without it) or off (got '"
              + raw.strip()
              + "'); unset it for auto");
    }
    return new PoolSettings(Path.of(parser.get("USER_DATA_DIR").orElse("./user_data")), mode);
  }
}
