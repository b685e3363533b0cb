package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The turn_usage table behind {@link TurnUsageLog}. */
@RegisterConstructorMapper(TurnUsage.class)
interface TurnUsageRows extends TurnUsageLog, SqlObject {
  String COLUMNS =
      "user_id, conversation_id, provider, model, input_tokens, cached_input_tokens,"
          + " output_tokens, created_at";

  @Override
  @SqlUpdate(
      "INSERT INTO turn_usage ("
          + COLUMNS
          + ") VALUES (:u.userId, :u.conversationId, :u.provider, :u.model, :u.inputTokens,"
          + " :u.cachedInputTokens, :u.outputTokens, :u.createdAt)")
  void record(@BindMethods("u") TurnUsage usage);

  @Override
  @SqlQuery(
      "SELECT " + COLUMNS + " FROM turn_usage WHERE conversation_id = :conversationId ORDER BY id")
  List<TurnUsage> forConversation(long conversationId);

  @Override
  @SqlQuery("SELECT " + COLUMNS + " FROM turn_usage WHERE created_at >= :since ORDER BY id")
  List<TurnUsage> since(Instant since);
}
