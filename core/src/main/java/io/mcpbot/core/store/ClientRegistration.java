package io.mcpbot.core.store;

import io.mcpbot.core.Require;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A client registered with an authorization server (dynamically, RFC 7591). The secret is plaintext
 * where the OAuth code holds it and a Fernet token in {@link OAuthVault}; {@link #mapSecret} turns
 * one into the other. Immutable; {@code toString} masks the secret.
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

  /** This client with its secret passed through {@code f} (sealed or opened); null stays null. */
  public ClientRegistration mapSecret(UnaryOperator<String> f) {
    return new ClientRegistration(
        clientId,
        clientSecret == null ? null : f.apply(clientSecret),
        tokenEndpointAuthMethod,
        secretExpiresAt);
  }

  @Override
  public String toString() {
    return "ClientRegistration[" + clientId + ", " + tokenEndpointAuthMethod + ", <masked>]";
  }
}
