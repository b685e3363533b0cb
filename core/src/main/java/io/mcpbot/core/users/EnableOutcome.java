package io.mcpbot.core.users;

import io.mcpbot.core.config.CredentialSpec;
import java.util.List;

/** What asking to enable a server led to. Immutable. */
public sealed interface EnableOutcome {
  /** The server is enabled for the user and its session is being prewarmed. */
  record Enabled() implements EnableOutcome {}

  /** The user must first supply these credentials; nothing was changed. */
  record NeedsCredentials(List<CredentialSpec> missing) implements EnableOutcome {
    public NeedsCredentials {
      missing = List.copyOf(missing);
    }
  }
}
