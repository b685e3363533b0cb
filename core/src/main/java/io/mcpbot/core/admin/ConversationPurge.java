package io.mcpbot.core.admin;

import io.mcpbot.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The guide's maintenance "DELETE FROM conversations WHERE last_message_at < NOW() - INTERVAL '30
 * days'" as a service: deletes idle conversations and, by cascade, their messages. Stateless and
 * thread-safe.
 */
public final class ConversationPurge {
  private ConversationPurge() {}

  /**
   * What a purge removed (or, on a dry run, would remove). Immutable.
   *
   * @param cutoff conversations whose last message is before this instant
   */
  public record Result(Instant cutoff, long conversations, long messages, boolean dryRun) {}

  /** Purges conversations idle for longer than {@code olderThan} at {@code now}, atomically. */
  public static Result run(Store store, Duration olderThan, Instant now, boolean dryRun) {
    Objects.requireNonNull(store, "store");
    if (olderThan.isNegative() || olderThan.isZero()) {
      throw new IllegalArgumentException("olderThan must be positive, was " + olderThan);
    }
    Instant cutoff = now.minus(olderThan);
    return store.inTransaction(
        tx -> {
          long messages = tx.conversations().countIdleMessages(cutoff);
          long conversations =
              dryRun
                  ? tx.conversations().countIdleSince(cutoff)
                  : tx.conversations().purgeIdleSince(cutoff);
          return new Result(cutoff, conversations, messages, dryRun);
        });
  }
}
