package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;

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
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(slackUserId, "slackUserId");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(encryptedVerifier, "encryptedVerifier");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "StoredPending[" + server + " for " + slackUserId + ", expiresAt=" + expiresAt + "]";
  }
}
