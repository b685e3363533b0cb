package io.mcpbot.core.store;

import java.util.Objects;

/**
 * A credential row's id and encrypted value, as key rotation scans them. Immutable; the value is
 * masked in {@link #toString()}.
 */
public record CredentialToken(long id, String encryptedValue) {
  public CredentialToken {
    Objects.requireNonNull(encryptedValue, "encryptedValue");
  }

  @Override
  public String toString() {
    return "CredentialToken[id=" + id + "]";
  }
}
