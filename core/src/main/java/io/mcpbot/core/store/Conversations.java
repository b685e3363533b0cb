package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Conversations per (user, channel, thread). Thread-safe via {@link Store}. */
@RegisterConstructorMapper(Conversation.class)
public interface Conversations extends SqlObject {

  /**
   * The conversation for this user, channel and thread, created if absent. {@code threadTs} null
   * means "not in a thread" (stored as {@code ""}). Race-safe across threads and instances.
   */
  default Conversation findOrCreate(long userId, String channelId, String threadTs) {
    Objects.requireNonNull(channelId, "channelId");
    String thread = threadTs == null ? "" : threadTs;
    Optional<Conversation> found = find(userId, channelId, thread);
    if (found.isPresent()) {
      return found.get();
    }
    Sql.tryInsert(
        getHandle(),
        () ->
            getHandle()
                .createUpdate(
                    "INSERT INTO conversations (user_id, channel_id, thread_ts)"
                        + " VALUES (:userId, :channelId, :threadTs)")
                .bind("userId", userId)
                .bind("channelId", channelId)
                .bind("threadTs", thread)
                .execute());
    return find(userId, channelId, thread).orElseThrow();
  }

  @SqlQuery(
      "SELECT "
          + Columns.CONVERSATIONS
          + " FROM conversations"
          + " WHERE user_id = :userId AND channel_id = :channelId AND thread_ts = :threadTs")
  Optional<Conversation> find(long userId, String channelId, String threadTs);

  @SqlQuery("SELECT " + Columns.CONVERSATIONS + " FROM conversations WHERE id = :id")
  Optional<Conversation> findById(long id);

  /** Sets last_message_at to now. */
  @SqlUpdate("UPDATE conversations SET last_message_at = CURRENT_TIMESTAMP WHERE id = :id")
  boolean touch(long id);

  /** Sets last_message_at to {@code at} (imports, tests). */
  @SqlUpdate("UPDATE conversations SET last_message_at = :at WHERE id = :id")
  boolean touch(long id, Instant at);

  /** Deletes conversations (and their messages) idle since before {@code cutoff}; returns count. */
  @SqlUpdate("DELETE FROM conversations WHERE last_message_at < :cutoff")
  int purgeOlderThan(Instant cutoff);

  /** Deletes one conversation and its messages. */
  @SqlUpdate("DELETE FROM conversations WHERE id = :id")
  boolean delete(long id);
}
