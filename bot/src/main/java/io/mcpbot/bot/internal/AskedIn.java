package io.mcpbot.bot.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a card in a turn's thread asks (only they may answer it) and where it was posted, so anyone
 * else who clicks is told so privately in that thread. Immutable.
 *
 * @param requester the Slack user id of the person asked
 * @param channel the channel of the card
 * @param threadTs the thread of the card
 */
record AskedIn(String requester, String channel, String threadTs) {
  private static final Logger log = LoggerFactory.getLogger(AskedIn.class);

  /** Whether {@code user} may answer; anyone else gets {@code refusal} as an ephemeral note. */
  boolean mayAnswer(SlackApi api, String user, String refusal) {
    if (requester.equals(user)) {
      return true;
    }
    try {
      api.postEphemeral(channel, user, threadTs, refusal);
    } catch (RuntimeException e) {
      log.warn("could not tell {} they cannot answer: {}", user, e.getMessage());
    }
    return false;
  }
}
