package io.mcpbot.core.mcp;

/**
 * A remote server needs the user to connect (or reconnect) their account through OAuth before it
 * can be used: no grant yet, a grant the authorization server revoked or let expire, or a scope the
 * current grant lacks. The bot answers with a Connect button; the message names the server and
 * never carries a token. Immutable, thread-safe.
 */
public final class AuthorizationRequiredException extends McpException {
  /** Why the user must act. */
  public enum Reason {
    /** The user never connected this server. */
    NOT_CONNECTED,
    /** The grant was revoked, expired or could not be refreshed. */
    RECONNECT,
    /** The server asks for more scope than the grant has. */
    INSUFFICIENT_SCOPE
  }

  private final String server;
  private final Reason reason;

  public AuthorizationRequiredException(String server, Reason reason) {
    super(
        switch (reason) {
          case NOT_CONNECTED ->
              "server '"
                  + server
                  + "' needs you to connect your account: use Connect in the App Home";
          case RECONNECT ->
              "your connection to server '"
                  + server
                  + "' expired or was revoked: use Reconnect in the App Home";
          case INSUFFICIENT_SCOPE ->
              "server '"
                  + server
                  + "' needs more access than you granted: use Reconnect in the App Home";
        });
    this.server = server;
    this.reason = reason;
  }

  public String server() {
    return server;
  }

  public Reason reason() {
    return reason;
  }
}
