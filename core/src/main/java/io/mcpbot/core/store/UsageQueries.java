package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The queries behind {@link Store#usageReport}. */
@RegisterConstructorMapper(ServerUsage.class)
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
        getHandle().attach(ToolCallRows.class).countsSince(since));
  }

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
