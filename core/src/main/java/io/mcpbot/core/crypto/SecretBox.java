package io.mcpbot.core.crypto;

/**
 * Seals short secrets (user credentials) for storage at rest. Implementations are thread-safe;
 * arguments must not be null.
 */
public interface SecretBox {

  /** Encrypts UTF-8 {@code plaintext} into an opaque printable token. */
  String encrypt(String plaintext);

  /**
   * Opens a token made by {@link #encrypt} (or by a compatible peer such as Python's Fernet).
   *
   * @throws CryptoException if no key opens it; the message never contains key or plaintext
   */
  String decrypt(String token);
}
