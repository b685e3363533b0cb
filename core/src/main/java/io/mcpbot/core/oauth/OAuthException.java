package io.mcpbot.core.oauth;

import io.mcpbot.core.McpbotException;

/**
 * An OAuth step failed: discovery, registration, a callback error, a bad or expired state, a
 * refused exchange. Messages are safe to show the user and name the fix; they never carry a token,
 * code, verifier or secret. Immutable, thread-safe.
 */
public class OAuthException extends McpbotException {
  public OAuthException(String message) {
    super(message);
  }

  public OAuthException(String message, Throwable cause) {
    super(message, cause);
  }
}
