package io.mcpbot.core.store;

import io.mcpbot.core.Require;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * One user's OAuth tokens for one server. The tokens are plaintext where the OAuth code holds a
 * grant and Fernet tokens in {@link OAuthVault}; {@link #mapTokens} turns one into the other.
 * Immutable; {@code toString} masks the tokens.
 *
 * @param accessToken the bearer token, never null
 * @param refreshToken the refresh token, or null
 * @param expiresAt when the access token expires, or null when the server did not say
 * @param scope the granted scope (space separated), or null
 * @param issuer the authorization server's issuer URL, never null
 * @param clientId the client the grant was issued to, never null
 * @param resource the RFC 8707 resource the token is for, or null
 */
public record Grant(
    String accessToken,
    String refreshToken,
    Instant expiresAt,
    String scope,
    String issuer,
    String clientId,
    String resource) {
  public Grant {
    Require.nonNull("accessToken, issuer, clientId", accessToken, issuer, clientId);
  }

  /** This grant with both tokens passed through {@code f} (sealed or opened); null stays null. */
  public Grant mapTokens(UnaryOperator<String> f) {
    return new Grant(
        f.apply(accessToken),
        refreshToken == null ? null : f.apply(refreshToken),
        expiresAt,
        scope,
        issuer,
        clientId,
        resource);
  }

  @Override
  public String toString() {
    return "Grant[issuer="
        + issuer
        + ", scope="
        + scope
        + ", expiresAt="
        + expiresAt
        + ", <masked>]";
  }
}
