package io.mcpbot.core.users;

import java.util.Map;

/** What submitting credentials for a server led to. Immutable. */
public sealed interface SaveOutcome {
  /** Stored encrypted, server enabled, the user's session restarted with the new values. */
  record Saved() implements SaveOutcome {}

  /**
   * Nothing was stored; {@code errors} maps each rejected credential name to a message for the user
   * (never containing the submitted value).
   */
  record Invalid(Map<String, String> errors) implements SaveOutcome {
    public Invalid {
      errors = Map.copyOf(errors);
    }
  }
}
