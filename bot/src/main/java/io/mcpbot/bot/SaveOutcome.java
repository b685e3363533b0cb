package io.mcpbot.bot;

import java.util.Map;

/** What {@link BotBackend#saveCredentials} did. Immutable; never holds a submitted value. */
public sealed interface SaveOutcome {

  /** Stored and the server enabled. */
  record Saved() implements SaveOutcome {}

  /** Nothing stored: a message per credential name that failed validation. */
  record Invalid(Map<String, String> messagesByCredentialName) implements SaveOutcome {
    public Invalid {
      messagesByCredentialName = Map.copyOf(messagesByCredentialName);
      if (messagesByCredentialName.isEmpty()) {
        throw new IllegalArgumentException("Invalid needs at least one message");
      }
    }
  }
}
