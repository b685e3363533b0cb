package io.mcpbot.core.agent;

import io.mcpbot.core.store.UserProfile;
import java.util.Objects;

/**
 * One user message to answer. Immutable. {@code profile} may be null (nothing new known about the
 * user); {@code threadTs} may be null or empty for a conversation outside any thread (a DM, the
 * terminal).
 *
 * @param slackUserId the author, e.g. {@code U0123ABC}
 * @param profile profile fields to store on first contact, or null
 * @param channelId channel or DM id (the terminal uses a fixed pseudo channel)
 * @param threadTs the Slack thread the conversation lives in
 * @param text what the user wrote
 */
public record TurnInput(
    String slackUserId, UserProfile profile, String channelId, String threadTs, String text) {
  public TurnInput {
    Objects.requireNonNull(slackUserId, "slackUserId");
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(text, "text");
    threadTs = threadTs == null ? "" : threadTs;
  }
}
