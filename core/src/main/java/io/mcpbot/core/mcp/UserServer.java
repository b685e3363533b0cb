package io.mcpbot.core.mcp;

import io.mcpbot.core.config.ServerDefinition;
import java.util.Map;
import java.util.Objects;

/**
 * One server a user has enabled, with that user's decrypted credentials (env var to plaintext).
 * Immutable; {@code toString} masks the credential values. {@code unavailableReason} is null unless
 * the source already knows the server cannot run for this user (e.g. a credential no key opens);
 * the pool then reports that reason instead of starting anything.
 */
public record UserServer(
    ServerDefinition definition, Map<String, String> credentials, String unavailableReason) {
  public UserServer {
    Objects.requireNonNull(definition, "definition");
    credentials = Map.copyOf(credentials == null ? Map.of() : credentials);
  }

  public UserServer(ServerDefinition definition, Map<String, String> credentials) {
    this(definition, credentials, null);
  }

  /** A server that must not start for this user, with the reason worded for the user. */
  public static UserServer unavailable(ServerDefinition definition, String reason) {
    return new UserServer(definition, Map.of(), Objects.requireNonNull(reason, "reason"));
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
