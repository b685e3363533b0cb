package io.mcpbot.core.store;

import io.mcpbot.core.Require;
import java.time.Instant;

/**
 * One user's OAuth grant for one server as stored: the tokens are Fernet tokens, masked in {@link
 * #toString()}. Immutable.
 *
 * @param encryptedAccessToken the encrypted access token, never null
 * @param encryptedRefreshToken the encrypted refresh token, or null
 * @param expiresAt when the access token expires, or null
 * @param scope the granted scope, or null
 * @param issuer the authorization server's issuer, never null
 * @param clientId the client the grant was issued to, never null
 * @param resource the RFC 8707 resource, or null
 */
public record StoredGrant(
    String encryptedAccessToken,
    String encryptedRefreshToken,
    Instant expiresAt,
    String scope,
    String issuer,
    String clientId,
    String resource) {
  public StoredGrant {
    Require.nonNull(
        "encryptedAccessToken, issuer, clientId", encryptedAccessToken, issuer, clientId);
  }

  @Override
  public String toString() {
    return "StoredGrant[issuer=" + issuer + ", expiresAt=" + expiresAt + ", <masked>]";
  }
}
