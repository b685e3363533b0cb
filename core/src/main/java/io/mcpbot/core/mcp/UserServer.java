package io.mcpbot.core.mcp;

import io.mcpbot.core.config.ServerDefinition;
import java.util.Map;
import java.util.Objects;

/**
 * One server a user has enabled, with that user's decrypted credentials (env var to plaintext).
 * Immutable; {@code toString} masks the credential values.
 */
public record UserServer(ServerDefinition definition, Map<String, String> credentials) {
  public UserServer {
    Objects.requireNonNull(definition, "definition");
    credentials = Map.copyOf(credentials == null ? Map.of() : credentials);
  }

  public String name() {
    return definition.name();
  }

  @Override
  public String toString() {
    return "UserServer["
        + definition.name()
        + ", credentials="
        + credentials.keySet()
        + "=<masked>]";
  }
}
