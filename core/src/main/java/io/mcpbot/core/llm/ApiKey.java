package io.mcpbot.core.llm;

import java.util.Objects;

/**
 * An LLM API key. Prints as {@code <masked>} everywhere (toString, records holding it); only {@link
 * #reveal()} gives the value, for the one header that needs it. Immutable.
 */
public final class ApiKey {
  private final String value;

  private ApiKey(String value) {
    this.value = value;
  }

  /** Wraps a non-blank key (surrounding whitespace is dropped). */
  public static ApiKey of(String value) {
    Objects.requireNonNull(value, "value");
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("API key must not be blank");
    }
    return new ApiKey(trimmed);
  }

  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "<masked>";
  }
}
