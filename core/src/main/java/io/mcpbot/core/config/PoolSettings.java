package io.mcpbot.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the MCP session pool reads from the environment. Immutable.
 *
 * @param userDataRoot USER_DATA_DIR, root of the per-user directories, default ./user_data
 */
public record PoolSettings(Path userDataRoot) {
  public PoolSettings {
    Objects.requireNonNull(userDataRoot, "userDataRoot");
  }
}
