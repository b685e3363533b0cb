package io.mcpbot.core.oauth;

import io.mcpbot.core.config.RemoteServer;
import java.net.URI;

/**
 * What a front end (Slack bot, {@code mcpbot chat}, the conformance client) needs to connect a
 * user's account to a remote server and let go of it. Implementations are thread-safe and block
 * (network and database); every exception message is safe to show and carries no token, code,
 * verifier or client secret.
 */
public interface OAuthConnections {
  /** Where a user stands with one server. */
  enum Status {
    /** The server has not asked for authorization (yet): nothing to connect. */
    NOT_REQUIRED,
    /** The user has no grant. */
    NOT_CONNECTED,
    /** The user has a grant the bot can use or refresh. */
    CONNECTED,
    /** The grant was revoked, expired or lacks scope: the user must reconnect. */
    NEEDS_RECONNECT
  }

  /** The URL to send the user's browser to, and the single-use {@code state} it carries. */
  record AuthorizationStart(URI authorizationUrl, String state) {}

  /** A finished authorization: whose, for which server. */
  record Completion(String userId, String server) {}

  /**
   * Starts an authorization for {@code userId} on {@code server}: discovery, client identity, PKCE,
   * a pending authorization stored for at most a few minutes, bound to the user, the server, the
   * verifier and {@code browserBinding} (an opaque value the HTTP side also sets in the browser;
   * null when the caller has no browser, e.g. a headless user agent).
   *
   * @throws OAuthException when discovery or registration fails (message names the problem)
   */
  AuthorizationStart begin(String userId, RemoteServer server, String browserBinding);

  /**
   * Completes the authorization the callback reports: {@code state} must be known, unused,
   * unexpired and carry the same {@code browserBinding}; then the code is exchanged and the grant
   * stored. The pending authorization is consumed whatever the outcome.
   *
   * @param code the {@code code} parameter, or null when the callback carried an {@code error}
   * @param error the callback's {@code error} parameter, or null
   * @throws OAuthException for an unknown, used, expired or foreign state, a callback error, or a
   *     failed exchange
   */
  Completion complete(String state, String code, String error, String browserBinding);

  /** The user's standing with {@code server}; never throws for a database-free answer. */
  Status status(String userId, RemoteServer server);

  /**
   * Revokes the user's grant where the authorization server supports revocation (RFC 7009) and
   * deletes it; a no-op when there is none. Revocation failures are ignored after the grant is
   * deleted (the user asked to let go).
   */
  void disconnect(String userId, RemoteServer server);
}
