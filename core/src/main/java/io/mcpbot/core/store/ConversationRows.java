package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The conversations table behind {@link ConversationHistory}; messages go through Messages. */
@RegisterConstructorMapper(Conversation.class)
interface ConversationRows extends ConversationHistory, SqlObject {

  @Override
  default Conversation findOrCreate(long userId, String channelId, String threadTs) {
    Objects.requireNonNull(channelId, "channelId");
    String thread = threadTs == null ? "" : threadTs;
    Optional<Conversation> found = find(userId, channelId, thread);
    if (found.isPresent()) {
      return found.get();
    }
    Sql.tryInsert(getHandle(), () -> insert(userId, channelId, thread));
    return find(userId, channelId, thread).orElseThrow();
  }

  @SqlUpdate(
      "INSERT INTO conversations (user_id, channel_id, thread_ts)"
          + " VALUES (:userId, :channelId, :threadTs)")
  void insert(long userId, String channelId, String threadTs);

  @Override
  @SqlQuery(
      "SELECT "
          + Columns.CONVERSATIONS
          + " FROM conversations"
          + " WHERE user_id = :userId AND channel_id = :channelId AND thread_ts = :threadTs")
  Optional<Conversation> find(long userId, String channelId, String threadTs);

  @Override
  @SqlQuery("SELECT " + Columns.CONVERSATIONS + " FROM conversations WHERE id = :id")
  Optional<Conversation> findById(long id);

  @Override
  @SqlUpdate("UPDATE conversations SET last_message_at = CURRENT_TIMESTAMP WHERE id = :id")
  boolean touch(long id);

  @Override
  @SqlUpdate("UPDATE conversations SET last_message_at = :at WHERE id = :id")
  boolean touch(long id, Instant at);

  @Override
  @SqlUpdate("DELETE FROM conversations WHERE id = :id")
  boolean delete(long id);

  @Override
  default StoredMessage append(
      long conversation,
      MessageRole role,
      String content,
      String toolCalls,
      String callId,
      boolean isError) {
    return getHandle()
        .attach(Messages.class)
        .append(conversation, role, content, toolCalls, callId, isError);
  }

  @Override
  default List<StoredMessage> recent(long conversationId, int limit) {
    return getHandle().attach(Messages.class).recent(conversationId, limit);
  }

  @Override
  default long messageCount(long conversationId) {
    return getHandle().attach(Messages.class).count(conversationId);
  }

  @Override
  @SqlQuery("SELECT COUNT(*) FROM conversations WHERE last_message_at < :cutoff")
  long countIdleSince(Instant cutoff);

  @Override
  @SqlQuery(
      "SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id"
          + " WHERE c.last_message_at < :cutoff")
  long countIdleMessages(Instant cutoff);

  @Override
  @SqlUpdate("DELETE FROM conversations WHERE last_message_at < :cutoff")
  int purgeIdleSince(Instant cutoff);
}
