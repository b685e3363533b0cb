package io.mcpbot.core.admin;

import io.mcpbot.core.store.Database;
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
  public static Result run(Database database, Duration olderThan, Instant now, boolean dryRun) {
    Objects.requireNonNull(database, "database");
    if (olderThan.isNegative() || olderThan.isZero()) {
      throw new IllegalArgumentException("olderThan must be positive, was " + olderThan);
    }
    Instant cutoff = now.minus(olderThan);
    return database
        .jdbi()
        .inTransaction(
            h -> {
              long messages =
                  h.createQuery(
                          "SELECT COUNT(*) FROM messages m JOIN conversations c"
                              + " ON c.id = m.conversation_id WHERE c.last_message_at < :cutoff")
                      .bind("cutoff", cutoff)
                      .mapTo(Long.class)
                      .one();
              long conversations =
                  dryRun
                      ? h.createQuery(
                              "SELECT COUNT(*) FROM conversations WHERE last_message_at < :cutoff")
                          .bind("cutoff", cutoff)
                          .mapTo(Long.class)
                          .one()
                      : h.createUpdate("DELETE FROM conversations WHERE last_message_at < :cutoff")
                          .bind("cutoff", cutoff)
                          .execute();
              return new Result(cutoff, conversations, messages, dryRun);
            });
  }
}
