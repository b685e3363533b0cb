package io.mcpbot.bot;

import java.util.Objects;

/**
 * One user message the bot must answer. History is kept per (userId, channelId, threadTs).
 * Immutable; no field is null.
 *
 * @param userId the Slack user who wrote
 * @param channelId where they wrote (a DM channel D..., or a channel)
 * @param threadTs the thread the reply goes to (the message's thread_ts, else its ts)
 * @param text the message text with the bot's own mention removed
 * @param eventTs the message's ts
 */
public record TurnRequest(
    String userId, String channelId, String threadTs, String text, String eventTs) {
  public TurnRequest {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(threadTs, "threadTs");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(eventTs, "eventTs");
  }
}
