package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The tool_calls table behind {@link ToolCallLog}. */
@RegisterConstructorMapper(ToolCallCount.class)
interface ToolCallRows extends ToolCallLog, SqlObject {

  @Override
  @SqlUpdate(
      "INSERT INTO tool_calls (user_id, conversation_id, server_name, tool_name, started_at,"
          + " duration_ms, ok, error_message, argument_bytes) VALUES (:a.userId,"
          + " :a.conversationId, :a.serverName, :a.toolName, :a.startedAt, :a.durationMs, :a.ok,"
          + " :a.errorMessage, :a.argumentBytes)")
  void record(@BindMethods("a") ToolCallAudit audit);

  @Override
  @SqlQuery(
      "SELECT server_name, tool_name, COUNT(*) AS calls,"
          + " SUM(CASE WHEN ok THEN 0 ELSE 1 END) AS failures,"
          + " SUM(duration_ms) AS total_duration_ms"
          + " FROM tool_calls WHERE started_at >= :since"
          + " GROUP BY server_name, tool_name ORDER BY server_name, tool_name")
  List<ToolCallCount> countsSince(Instant since);
}
