package io.mcpbot.core.crypto;

import io.mcpbot.core.McpbotException;

/**
 * A key could not be parsed or a token could not be opened. The message names the cause category
 * (e.g. "HMAC mismatch") and the fix, and never contains a key, a token's plaintext or a password.
 * Immutable.
 */
public class CryptoException extends McpbotException {
  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
