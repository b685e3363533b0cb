package io.mcpbot.core.oauth;

import io.mcpbot.core.Require;
import java.time.Instant;

/**
 * A client registered with an authorization server (dynamically, RFC 7591). Immutable; {@code
 * toString} masks the secret.
 *
 * @param clientId the client id, never null
 * @param clientSecret the secret, or null for a public client
 * @param tokenEndpointAuthMethod {@code none}, {@code client_secret_basic} or {@code
 *     client_secret_post}
 * @param secretExpiresAt when the secret expires, or null for never
 */
public record ClientRegistration(
    String clientId, String clientSecret, String tokenEndpointAuthMethod, Instant secretExpiresAt) {
  public ClientRegistration {
    Require.nonNull("clientId, tokenEndpointAuthMethod", clientId, tokenEndpointAuthMethod);
  }

  @Override
  public String toString() {
    return "ClientRegistration[" + clientId + ", " + tokenEndpointAuthMethod + ", <masked>]";
  }
}
