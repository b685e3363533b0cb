package io.mcpbot.core.store;

import io.mcpbot.core.Require;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * An authorization started and not yet completed: what the callback needs to finish it and to check
 * that it is the user's own. The verifier is plaintext where the OAuth code holds it and a Fernet
 * token in {@link OAuthVault}; {@link #mapVerifier} turns one into the other. Immutable; {@code
 * toString} shows neither the verifier nor the browser binding.
 *
 * @param state the random, single-use {@code state} value (the key), never null
 * @param userId the Slack user who started it, never null
 * @param server the MCP server name, never null
 * @param codeVerifier the PKCE verifier (a secret), never null
 * @param redirectUri the redirect URI sent in the authorization request, never null
 * @param issuer the authorization server's issuer URL, never null
 * @param clientId the client the request was made as, never null
 * @param resource the RFC 8707 resource, or null
 * @param scope the requested scope, or null
 * @param browserBinding the opaque value the starting browser holds, or null (headless)
 * @param expiresAt when the state stops being accepted, never null
 */
public record PendingAuthorization(
    String state,
    String userId,
    String server,
    String codeVerifier,
    String redirectUri,
    String issuer,
    String clientId,
    String resource,
    String scope,
    String browserBinding,
    Instant expiresAt) {
  public PendingAuthorization {
    Require.nonNull(
        "state, userId, server, codeVerifier, redirectUri, issuer, clientId, expiresAt",
        state,
        userId,
        server,
        codeVerifier,
        redirectUri,
        issuer,
        clientId,
        expiresAt);
  }

  /** This authorization with its verifier passed through {@code f} (sealed or opened). */
  public PendingAuthorization mapVerifier(UnaryOperator<String> f) {
    return new PendingAuthorization(
        state,
        userId,
        server,
        f.apply(codeVerifier),
        redirectUri,
        issuer,
        clientId,
        resource,
        scope,
        browserBinding,
        expiresAt);
  }

  @Override
  public String toString() {
    return "PendingAuthorization[" + server + " for " + userId + ", expiresAt=" + expiresAt + "]";
  }
}
