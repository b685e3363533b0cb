package io.mcpbot.core.agent;

import io.mcpbot.core.Require;

/**
 * One user message to answer. Immutable; {@code threadTs} may be null or empty for a conversation
 * outside any thread (a DM, the terminal). A user seen for the first time is created without a
 * profile (the front end stores profiles through {@code UserServers.ensureUser}).
 *
 * @param slackUserId the author, e.g. {@code U0123ABC}
 * @param channelId channel or DM id (the terminal uses a fixed pseudo channel)
 * @param threadTs the Slack thread the conversation lives in
 * @param text what the user wrote
 * @param context what the front end knows about where the user is (e.g. the channel they are
 *     viewing), told to the model for this turn only and never stored; null (or blank) when none
 */
public record TurnInput(
    String slackUserId, String channelId, String threadTs, String text, String context) {
  public TurnInput {
    Require.nonNull("slackUserId, channelId, text", slackUserId, channelId, text);
    threadTs = threadTs == null ? "" : threadTs;
    context = context == null || context.isBlank() ? null : context.strip();
  }

  /** A message without context. */
  public TurnInput(String slackUserId, String channelId, String threadTs, String text) {
    this(slackUserId, channelId, threadTs, text, null);
  }

  /** This message with {@code note} as its context (null: none). */
  public TurnInput withContext(String note) {
    return new TurnInput(slackUserId, channelId, threadTs, text, note);
  }
}
