package io.mcpbot.core.config;

import io.mcpbot.core.Require;
import java.util.List;
import java.util.Objects;

/**
 * A client the operator registered in advance with a remote server's authorization server ({@code
 * "oauth"} in servers_config.json). The secret is never in the file: {@code clientSecretVariable}
 * names a bot environment variable that holds it (null: a public client). Immutable and
 * thread-safe.
 *
 * @param clientId the registered client id, never null
 * @param clientSecretVariable the bot environment variable holding the secret, or null
 * @param scopes scopes to request when the server's challenge names none, possibly empty
 */
public record OAuthClient(String clientId, String clientSecretVariable, List<String> scopes) {
  public OAuthClient {
    Objects.requireNonNull(clientId, "clientId");
    scopes = Require.copyOrEmpty(scopes);
  }
}
