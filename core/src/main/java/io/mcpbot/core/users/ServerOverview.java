package io.mcpbot.core.users;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.mcp.ServerStatus;
import java.util.List;
import java.util.Set;

/**
 * One active server as a given user sees it (App Home, {@code mcpbot chat}). Immutable.
 *
 * @param definition the server as configured
 * @param enabled whether the user has it enabled
 * @param storedCredentials names of the credentials the user has stored for it
 * @param status the user's session state (never null)
 */
public record ServerOverview(
    ServerDefinition definition,
    boolean enabled,
    Set<String> storedCredentials,
    ServerStatus status) {
  public ServerOverview {
    storedCredentials = Set.copyOf(storedCredentials);
  }

  public String name() {
    return definition.name();
  }

  /** Required credentials the user has not stored yet. */
  public List<CredentialSpec> missingCredentials() {
    return definition.requiredCredentials().stream()
        .filter(c -> c.required() && !storedCredentials.contains(c.name()))
        .toList();
  }
}
