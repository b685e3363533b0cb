package io.mcpbot.core.store;

import io.mcpbot.core.Require;
import java.time.Instant;

/**
 * A client registered with an authorization server, as stored: the secret is a Fernet token, masked
 * in {@link #toString()}. Immutable.
 *
 * @param clientId the client id, never null
 * @param encryptedClientSecret the encrypted secret, or null for a public client
 * @param tokenEndpointAuthMethod how the client authenticates at the token endpoint, never null
 * @param secretExpiresAt when the secret expires, or null for never
 */
public record StoredClient(
    String clientId,
    String encryptedClientSecret,
    String tokenEndpointAuthMethod,
    Instant secretExpiresAt) {
  public StoredClient {
    Require.nonNull("clientId, tokenEndpointAuthMethod", clientId, tokenEndpointAuthMethod);
  }

  @Override
  public String toString() {
    return "StoredClient[" + clientId + ", " + tokenEndpointAuthMethod + ", <masked>]";
  }
}
