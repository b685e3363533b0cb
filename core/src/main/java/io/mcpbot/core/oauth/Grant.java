package io.mcpbot.core.oauth;

import io.mcpbot.core.Require;
import java.time.Instant;

/**
 * One user's tokens for one server. Immutable; {@code toString} masks the tokens.
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
