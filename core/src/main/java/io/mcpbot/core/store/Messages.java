package io.mcpbot.core.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The messages table behind {@link ConversationHistory}'s message methods. */
@RegisterRowMapper(Messages.Mapper.class)
interface Messages extends SqlObject {

  /** See {@link ConversationHistory#append}. */
  default StoredMessage append(
      long conversationId,
      MessageRole role,
      String content,
      String toolCallsJson,
      String toolCallId,
      boolean isError) {
    Objects.requireNonNull(role, "role");
    long id =
        getHandle()
            .createUpdate(
                "INSERT INTO messages"
                    + " (conversation_id, role, content, tool_calls, tool_call_id, is_error) VALUES"
                    + " (:conversationId, :role, :content, :toolCalls, :toolCallId, :isError)")
            .bind("conversationId", conversationId)
            .bind("role", role.wire())
            .bind("content", content)
            .bind("toolCalls", toolCallsJson)
            .bind("toolCallId", toolCallId)
            .bind("isError", isError)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    getHandle()
        .createUpdate("UPDATE conversations SET last_message_at = CURRENT_TIMESTAMP WHERE id = :id")
        .bind("id", conversationId)
        .execute();
    return findById(id).orElseThrow();
  }

  @SqlQuery("SELECT " + Columns.MESSAGES + " FROM messages WHERE id = :id")
  Optional<StoredMessage> findById(long id);

  /** The last {@code limit} messages of a conversation, oldest first. */
  @SqlQuery(
      "SELECT "
          + Columns.MESSAGES
          + " FROM (SELECT "
          + Columns.MESSAGES
          + " FROM messages WHERE conversation_id = :conversationId ORDER BY id DESC LIMIT :limit)"
          + " recent ORDER BY id")
  List<StoredMessage> recent(long conversationId, int limit);

  /** How many messages a conversation holds. */
  @SqlQuery("SELECT COUNT(*) FROM messages WHERE conversation_id = :conversationId")
  long count(long conversationId);

  /** Maps a messages row; role is stored lower-case. */
  final class Mapper implements RowMapper<StoredMessage> {
    @Override
    public StoredMessage map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new StoredMessage(
          rs.getLong("id"),
          rs.getLong("conversation_id"),
          MessageRole.fromWire(rs.getString("role")),
          rs.getString("content"),
          rs.getString("tool_calls"),
          rs.getString("tool_call_id"),
          rs.getBoolean("is_error"),
          rs.getTimestamp("created_at").toInstant());
    }
  }
}
