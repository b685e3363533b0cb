package io.mcpbot.core.mcp;

import io.mcpbot.core.config.RemoteServer;

/**
 * Supplies the {@code Authorization} header of one user's requests to a remote server and hears the
 * server's 401/403 challenges. The seam between {@code mcp} (transports) and {@code oauth} (grants,
 * refresh, discovery). Implementations are thread-safe and may block (they run on the caller's
 * virtual thread); values they return are secrets and must never be logged.
 */
public interface RemoteAuthorizer {
  /** Sends no authorization and treats every challenge as final. */
  RemoteAuthorizer NONE =
      new RemoteAuthorizer() {
        @Override
        public String authorization(String userId, RemoteServer server) {
          return null;
        }

        @Override
        public boolean challenged(
            String userId, RemoteServer server, int status, String wwwAuthenticate) {
          return false;
        }
      };

  /**
   * The header value (e.g. {@code "Bearer ..."}) for the next request, refreshed ahead of expiry,
   * or null to send none (no grant yet: the server's challenge starts discovery).
   *
   * @throws AuthorizationRequiredException when the user's grant is dead and only the user can fix
   *     it
   */
  String authorization(String userId, RemoteServer server);

  /**
   * The server rejected a request with {@code status} (401 or 403) and this {@code
   * WWW-Authenticate} value (null when absent). Returns true when a new {@link #authorization} is
   * now available and the request should be retried once; false when it should fail.
   *
   * @throws AuthorizationRequiredException when the user must connect, reconnect or grant more
   *     scope
   */
  boolean challenged(String userId, RemoteServer server, int status, String wwwAuthenticate);
}
