package io.mcpbot.core.config;

import io.mcpbot.core.crypto.KeyRing;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The encryption capability: ENCRYPTION_KEY entries (newest first), MASTER_PASSWORD, the salt and
 * the PBKDF2 iterations. Immutable; {@link #toString()} masks every value.
 *
 * @param keys ENCRYPTION_KEY entries, each a well-formed Fernet key; may be empty
 * @param masterPassword MASTER_PASSWORD if set
 * @param salt ENCRYPTION_SALT or the Python bot's default
 * @param iterations ENCRYPTION_KDF_ITERATIONS, at least the Python bot's default
 */
public record EncryptionSettings(
    List<Secret> keys, Optional<Secret> masterPassword, String salt, int iterations) {
  public EncryptionSettings {
    keys = List.copyOf(keys);
    Objects.requireNonNull(masterPassword, "masterPassword");
    Objects.requireNonNull(salt, "salt");
  }

  /**
   * The deployment's key ring: the keys, then the password's derived key as a decrypt-mostly last
   * entry (see {@link KeyRing#configured}). Derives the password's key on every call (slow): keep
   * the ring.
   */
  public KeyRing keyRing() {
    return KeyRing.configured(
        keys.stream().map(Secret::reveal).toList(),
        masterPassword.map(Secret::reveal).orElse(null),
        salt,
        iterations);
  }

  @Override
  public String toString() {
    // The salt is half of MASTER_PASSWORD's key: keep it out too.
    return "EncryptionSettings[keys=<masked> x"
        + keys.size()
        + ", masterPassword="
        + masterPassword.map(p -> "<masked>").orElse("(unset)")
        + ", salt=<masked>, iterations="
        + iterations
        + "]";
  }
}
