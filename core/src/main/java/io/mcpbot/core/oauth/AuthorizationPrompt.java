package io.mcpbot.core.oauth;

import io.mcpbot.core.config.RemoteServer;

/**
 * A front end that can take the user through an authorization on the spot, in the middle of a call:
 * the conformance client's headless user agent, or a terminal that prints the URL and waits for the
 * callback. The Slack bot has none (it answers with a Connect button instead). Implementations are
 * thread-safe and may block.
 */
@FunctionalInterface
public interface AuthorizationPrompt {
  /**
   * Sends the user to {@code start.authorizationUrl()} and returns once {@code
   * connections.complete(...)} has run for {@code start.state()}.
   *
   * @return true when the authorization completed (the call is retried), false when abandoned
   * @throws OAuthException when the completion failed
   */
  boolean authorize(
      String userId,
      RemoteServer server,
      OAuthConnections.AuthorizationStart start,
      OAuthConnections connections);
}
