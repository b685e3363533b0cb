package io.mcpbot.core.config;

import java.util.Objects;

/**
 * A configuration value that must never be printed: {@link #toString()} is {@code <masked>}; call
 * {@link #reveal()} only where the value is actually used. Immutable and thread-safe; never null.
 *
 * @param reveal the secret value
 */
public record Secret(String reveal) {

  public Secret {
    Objects.requireNonNull(reveal, "secret");
  }

  @Override
  public String toString() {
    return "<masked>";
  }
}
