package io.mcpbot.core.store;

import java.util.Objects;

/**
 * A turn waiting in turn_handoffs for the replica holding its user's lease. Immutable.
 *
 * @param id queue position (0 before it is stored)
 * @param teamId the Slack workspace, or null
 * @param threadTs the thread the answer goes to
 */
public record QueuedTurn(
    long id, String slackUserId, String teamId, String channelId, String threadTs, String text) {
  public QueuedTurn {
    Objects.requireNonNull(slackUserId, "slackUserId");
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(threadTs, "threadTs");
    Objects.requireNonNull(text, "text");
  }
}
