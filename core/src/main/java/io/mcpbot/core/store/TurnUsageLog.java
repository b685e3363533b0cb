package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;

/**
 * Per-turn token usage (turn_usage): one row per answered turn. Obtain from {@link
 * Store#turnUsage()}; thread-safe there.
 */
public interface TurnUsageLog {

  /** Stores one turn's usage. */
  void record(TurnUsage usage);

  /** The turns of one conversation, oldest first. */
  List<TurnUsage> forConversation(long conversationId);

  /** Every turn since {@code since}, oldest first. */
  List<TurnUsage> since(Instant since);
}
