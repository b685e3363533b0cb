package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The tool-call audit (tool_calls). Thread-safe via {@link Store}. */
@RegisterConstructorMapper(ToolCallCount.class)
public interface ToolCalls extends SqlObject {

  /** Stores one audit row. */
  @SqlUpdate(
      "INSERT INTO tool_calls (user_id, conversation_id, server_name, tool_name, started_at,"
          + " duration_ms, ok, error_message, argument_bytes) VALUES (:a.userId,"
          + " :a.conversationId, :a.serverName, :a.toolName, :a.startedAt, :a.durationMs, :a.ok,"
          + " :a.errorMessage, :a.argumentBytes)")
  void record(@BindMethods("a") ToolCallAudit audit);

  /** Calls, failures and total duration per server and tool since {@code since}. */
  @SqlQuery(
      "SELECT server_name, tool_name, COUNT(*) AS calls,"
          + " SUM(CASE WHEN ok THEN 0 ELSE 1 END) AS failures,"
          + " SUM(duration_ms) AS total_duration_ms"
          + " FROM tool_calls WHERE started_at >= :since"
          + " GROUP BY server_name, tool_name ORDER BY server_name, tool_name")
  List<ToolCallCount> countsSince(Instant since);
}
