package io.mcpbot.bot;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.users.EnableOutcome;
import io.mcpbot.core.users.SaveOutcome;
import java.util.List;
import java.util.Map;

/**
 * Everything the Slack adapter needs from the core services (store, MCP sessions, agent), so the
 * bot never touches them directly. Implementations must be thread-safe: the bot calls them from
 * many virtual threads at once. Arguments are never null unless documented.
 */
public interface BotBackend {

  /**
   * Records {@code deliveryKey} (a Slack event_id) and returns true the first time it is seen,
   * false for every later delivery (Slack retries up to three times). Must hold across bot
   * instances sharing one database.
   */
  boolean firstDelivery(String deliveryKey);

  /** Whether the Slack user already exists in the store. */
  boolean knowsUser(String slackUserId);

  /** Creates the user (or refreshes their profile) on first contact. Idempotent. */
  void ensureUser(String slackUserId, UserProfile profile);

  /**
   * Runs one agent turn and returns the answer as Markdown. May take long; the bot calls it on a
   * virtual thread and interrupts it after the turn timeout. Reports progress through {@code
   * progress}. Exceptions are reported to the user with a reference id, their message logged.
   */
  String answer(TurnRequest request, TurnProgress progress);

  /** What the user's App Home shows: their active tools and every active server. */
  HomeState home(String slackUserId);

  /**
   * Runs {@code refresh} once, as soon as the servers that were still starting when {@link #home}
   * last returned a state with {@link HomeState#toolsStarting()} have listed their tools or failed
   * (at once when they already have). Returns at once; {@code refresh} may run on any thread and
   * must be short. Backends whose Home is always complete need not override this no-op.
   */
  default void whenToolsSettled(String slackUserId, Runnable refresh) {}

  /**
   * The credentials a server asks for, from configuration only (no database, no process): the bot
   * calls it while a trigger_id is about to expire. Empty when the server is unknown.
   */
  List<CredentialSpec> credentialSpecs(String server);

  /** Enables a server for the user, or says which credentials are missing first. */
  EnableOutcome enable(String slackUserId, String server);

  /** Disables the server for the user (stopping their session) and keeps their credentials. */
  void disable(String slackUserId, String server);

  /** Deletes the user's credentials for the server and disables it. */
  void removeCredentials(String slackUserId, String server);

  /**
   * Validates (each value a full match of its validation_regex), encrypts and stores the values,
   * keyed by credential name, then enables the server. Should return within ~2 s (Slack waits 3 s
   * for the modal's answer): slow follow-up work such as restarting sessions belongs elsewhere.
   * Values are secrets: never log them or put them in an exception message.
   */
  SaveOutcome saveCredentials(
      String slackUserId, String server, Map<String, String> valuesByCredentialName);
}
