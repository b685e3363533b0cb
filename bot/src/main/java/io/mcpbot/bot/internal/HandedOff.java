package io.mcpbot.bot.internal;

import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.store.QueuedTurn;

/** A turn as it travels to the replica holding its user's lease, and back into a turn. */
final class HandedOff {
  private HandedOff() {}

  /** The queue row for a turn that arrived here; {@code team} may be null. */
  static QueuedTurn queued(String user, String team, TurnInput input) {
    return new QueuedTurn(0, user, team, input.channelId(), input.threadTs(), input.text());
  }

  /** The turn a queue row stands for. */
  static TurnInput input(QueuedTurn t) {
    return new TurnInput(t.slackUserId(), t.channelId(), t.threadTs(), t.text());
  }
}
