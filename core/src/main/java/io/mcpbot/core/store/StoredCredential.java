package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One encrypted credential of a user for a server. Immutable; {@code encryptedValue} is a Fernet
 * token and is masked in {@link #toString()}.
 */
public record StoredCredential(String name, String type, String encryptedValue, Instant updatedAt) {
  public StoredCredential {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(encryptedValue, "encryptedValue");
  }

  @Override
  public String toString() {
    return "StoredCredential[name=" + name + ", type=" + type + ", updatedAt=" + updatedAt + "]";
  }
}
