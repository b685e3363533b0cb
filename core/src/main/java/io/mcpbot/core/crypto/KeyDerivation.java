package io.mcpbot.core.crypto;

import com.password4j.PBKDF2Function;
import com.password4j.types.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Derives a Fernet key from MASTER_PASSWORD exactly as the Python deployment of this bot does:
 * {@code urlsafe_b64encode(PBKDF2HMAC(SHA256, length=32, salt, iterations).derive(password))},
 * password and salt encoded as UTF-8. Stateless and thread-safe.
 */
public final class KeyDerivation {

  /** The salt Python deployments use when ENCRYPTION_SALT is unset. */
  public static final String DEFAULT_SALT = "mcp-slackbot-default-salt";

  /** The iteration count Python deployments use; lower counts are refused. */
  public static final int DEFAULT_ITERATIONS = 100_000;

  private KeyDerivation() {}

  /**
   * Returns the url-safe base64 (padded) 32-byte Fernet key for {@code masterPassword}.
   *
   * @throws IllegalArgumentException if {@code iterations} is below 1
   */
  public static String deriveFernetKey(String masterPassword, String salt, int iterations) {
    Objects.requireNonNull(masterPassword, "masterPassword");
    Objects.requireNonNull(salt, "salt");
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    // password4j's length is in bits: 256 bits = the 32 bytes Fernet needs.
    byte[] raw =
        PBKDF2Function.getInstance(Hmac.SHA256, iterations, 256)
            .hash(
                masterPassword.getBytes(StandardCharsets.UTF_8),
                salt.getBytes(StandardCharsets.UTF_8))
            .getBytes();
    if (raw.length != Fernet.KEY_BYTES) {
      throw new CryptoException("PBKDF2 returned " + raw.length + " bytes instead of 32");
    }
    return Base64.getUrlEncoder().encodeToString(raw);
  }
}
