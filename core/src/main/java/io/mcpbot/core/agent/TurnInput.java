package io.mcpbot.core.agent;

import java.util.Objects;

/**
 * One user message to answer. Immutable; {@code threadTs} may be null or empty for a conversation
 * outside any thread (a DM, the terminal). A user seen for the first time is created without a
 * profile (the front end stores profiles through {@code UserServers.ensureUser}).
 *
 * @param slackUserId the author, e.g. {@code U0123ABC}
 * @param channelId channel or DM id (the terminal uses a fixed pseudo channel)
 * @param threadTs the Slack thread the conversation lives in
 * @param text what the user wrote
 */
public record TurnInput(String slackUserId, String channelId, String threadTs, String text) {
  public TurnInput {
    Objects.requireNonNull(slackUserId, "slackUserId");
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(text, "text");
    threadTs = threadTs == null ? "" : threadTs;
  }
}
