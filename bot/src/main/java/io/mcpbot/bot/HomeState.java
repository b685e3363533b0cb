package io.mcpbot.bot;

import io.mcpbot.core.config.CredentialSpec;
import java.util.List;
import java.util.Objects;

/**
 * What one user's App Home shows. Immutable.
 *
 * @param activeTools the user's tools as {@code server.tool} names
 * @param servers every active server, in display order
 * @param toolsStarting some enabled servers were still starting, so {@code activeTools} may be
 *     incomplete; the bot publishes the Home again once {@link BotBackend#whenToolsSettled} fires
 */
public record HomeState(
    List<String> activeTools, List<ServerEntry> servers, boolean toolsStarting) {
  public HomeState {
    activeTools = List.copyOf(activeTools);
    servers = List.copyOf(servers);
  }

  /** A complete Home: no server still starting. */
  public HomeState(List<String> activeTools, List<ServerEntry> servers) {
    this(activeTools, servers, false);
  }

  /**
   * One server as the user sees it.
   *
   * @param name the server's name
   * @param description the admin's description, may be empty
   * @param status the user's status for it
   * @param credentials what it asks for (empty when nothing)
   * @param credentialsStored whether the user has stored credentials for it
   */
  public record ServerEntry(
      String name,
      String description,
      ServerStatus status,
      List<CredentialSpec> credentials,
      boolean credentialsStored) {
    public ServerEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      description = description == null ? "" : description;
      credentials = List.copyOf(credentials);
    }
  }

  /** A user's status for one server. */
  public sealed interface ServerStatus {
    /** Enabled and (as far as we know) working. */
    record Enabled() implements ServerStatus {}

    /** Not enabled by the user. */
    record Disabled() implements ServerStatus {}

    /** Needs credentials before it can be enabled. */
    record NeedsCredentials() implements ServerStatus {}

    /** Enabled but its session failed; {@code lastError} is safe to show (no secrets). */
    record Failing(String lastError) implements ServerStatus {
      public Failing {
        lastError = lastError == null ? "" : lastError;
      }
    }

    ServerStatus ENABLED = new Enabled();
    ServerStatus DISABLED = new Disabled();
    ServerStatus NEEDS_CREDENTIALS = new NeedsCredentials();
  }
}
