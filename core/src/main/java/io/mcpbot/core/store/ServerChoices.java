package io.mcpbot.core.store;

import java.util.List;

/**
 * Which servers each user enabled (user_server_configs). Obtain from {@link Store#serverConfigs()};
 * thread-safe there.
 */
public interface ServerChoices {

  /** Enables or disables a server for a user; safe under concurrent calls. */
  void setEnabled(long userId, long serverId, boolean enabled);

  /** Whether the user enabled the server (false when never set). */
  boolean isEnabled(long userId, long serverId);

  /** Names of the active servers the user enabled, sorted. */
  List<String> enabledServerNames(long userId);

  /** Every active server with this user's enabled flag and stored-credential count, by name. */
  List<ServerState> states(long userId);
}
