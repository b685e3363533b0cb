package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The queries behind {@link Store#usageReport}. */
@RegisterConstructorMapper(ServerUsage.class)
@RegisterConstructorMapper(UserActivity.class)
@RegisterConstructorMapper(ServerActivity.class)
interface UsageQueries extends SqlObject {

  /** Everything list-usage shows, for the period starting at {@code since}. */
  default UsageReport report(Instant since) {
    return new UsageReport(
        since,
        totalUsers(),
        activeUsers(),
        usersSeenSince(since),
        enabledUsersPerServer(),
        conversationsSince(since),
        messagesSince(since),
        getHandle().attach(ToolCallRows.class).countsSince(since),
        perUserSince(since),
        perServerSince(since));
  }

  /** Users with a tool call or an answered turn since {@code since}, by Slack user ID. */
  @SqlQuery(
      "SELECT u.slack_user_id, COALESCE(t.calls, 0) AS tool_calls,"
          + " COALESCE(t.failures, 0) AS tool_failures, COALESCE(k.turns, 0) AS turns,"
          + " COALESCE(k.input_tokens, 0) AS input_tokens,"
          + " COALESCE(k.cached_input_tokens, 0) AS cached_input_tokens,"
          + " COALESCE(k.output_tokens, 0) AS output_tokens"
          + " FROM users u"
          + " LEFT JOIN (SELECT user_id, COUNT(*) AS calls,"
          + " SUM(CASE WHEN ok THEN 0 ELSE 1 END) AS failures"
          + " FROM tool_calls WHERE started_at >= :since GROUP BY user_id) t ON t.user_id = u.id"
          + " LEFT JOIN (SELECT user_id, COUNT(*) AS turns, SUM(input_tokens) AS input_tokens,"
          + " SUM(cached_input_tokens) AS cached_input_tokens,"
          + " SUM(output_tokens) AS output_tokens"
          + " FROM turn_usage WHERE created_at >= :since GROUP BY user_id) k ON k.user_id = u.id"
          + " WHERE t.user_id IS NOT NULL OR k.user_id IS NOT NULL ORDER BY u.slack_user_id")
  List<UserActivity> perUserSince(Instant since);

  /** Servers with a tool call since {@code since}, by name (inactive servers included). */
  @SqlQuery(
      "SELECT server_name, COUNT(DISTINCT user_id) AS users, COUNT(*) AS calls,"
          + " SUM(CASE WHEN ok THEN 0 ELSE 1 END) AS failures,"
          + " SUM(duration_ms) AS total_duration_ms"
          + " FROM tool_calls WHERE started_at >= :since GROUP BY server_name ORDER BY server_name")
  List<ServerActivity> perServerSince(Instant since);

  @SqlQuery("SELECT COUNT(*) FROM users")
  long totalUsers();

  @SqlQuery("SELECT COUNT(*) FROM users WHERE is_active = TRUE")
  long activeUsers();

  @SqlQuery("SELECT COUNT(*) FROM users WHERE last_seen_at >= :since")
  long usersSeenSince(Instant since);

  /**
   * The guide's "check server usage" query, with the enabled condition moved into the join so that
   * active servers nobody enabled show up with 0.
   */
  @SqlQuery(
      "SELECT s.name, COUNT(usc.user_id) AS user_count FROM mcp_servers s"
          + " LEFT JOIN user_server_configs usc ON s.id = usc.server_id AND usc.is_enabled = TRUE"
          + " WHERE s.is_active = TRUE GROUP BY s.name ORDER BY s.name")
  List<ServerUsage> enabledUsersPerServer();

  @SqlQuery("SELECT COUNT(*) FROM conversations WHERE last_message_at >= :since")
  long conversationsSince(Instant since);

  @SqlQuery("SELECT COUNT(*) FROM messages WHERE created_at >= :since")
  long messagesSince(Instant since);
}
