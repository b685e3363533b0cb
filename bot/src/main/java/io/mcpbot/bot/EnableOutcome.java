package io.mcpbot.bot;

import io.mcpbot.core.config.CredentialSpec;
import java.util.List;

/** What {@link BotBackend#enable} did. Immutable. */
public sealed interface EnableOutcome {

  /** The server is enabled (its session may still be warming up). */
  record Enabled() implements EnableOutcome {}

  /** Nothing changed: the user must supply these credentials first. */
  record NeedsCredentials(List<CredentialSpec> credentials) implements EnableOutcome {
    public NeedsCredentials {
      credentials = List.copyOf(credentials);
    }
  }
}
