package io.mcpbot.core.store;

import java.util.Locale;

/** Who wrote a stored message; stored lower-case (user, assistant, tool, system). */
public enum MessageRole {
  USER,
  ASSISTANT,
  TOOL,
  SYSTEM;

  /** The value stored in messages.role. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role for a stored value. */
  public static MessageRole fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
