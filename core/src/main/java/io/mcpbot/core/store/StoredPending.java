package io.mcpbot.core.store;

import io.mcpbot.core.Require;
import java.time.Instant;

/**
 * A pending OAuth authorization as stored, keyed by its {@code state}: the PKCE verifier is a
 * Fernet token; {@link #toString()} shows neither it nor the browser binding. Immutable; the
 * nullable components are {@code resource}, {@code scope} and {@code browserBinding}.
 */
public record StoredPending(
    String state,
    String slackUserId,
    String server,
    String encryptedVerifier,
    String redirectUri,
    String issuer,
    String clientId,
    String resource,
    String scope,
    String browserBinding,
    Instant expiresAt) {
  public StoredPending {
    Require.nonNull(
        "state, slackUserId, server, encryptedVerifier, redirectUri, issuer, clientId, expiresAt",
        state,
        slackUserId,
        server,
        encryptedVerifier,
        redirectUri,
        issuer,
        clientId,
        expiresAt);
  }

  @Override
  public String toString() {
    return "StoredPending[" + server + " for " + slackUserId + ", expiresAt=" + expiresAt + "]";
  }
}
