package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;

/**
 * The data behind {@code mcpbot list-usage}. Immutable.
 *
 * @param since start of the period the "since" counts cover
 * @param totalUsers every stored user
 * @param activeUsers users with is_active = true (the guide's "view active users")
 * @param usersSeenSince users who wrote to the bot since {@code since}
 * @param servers enabled users per active server, zero counts included, by name
 * @param conversationsSince conversations with a message since {@code since}
 * @param messagesSince messages stored since {@code since}
 * @param toolCalls tool-call counts per server and tool since {@code since}
 * @param users per user: tool calls and model tokens since {@code since} (users with neither left
 *     out)
 * @param serverCalls per server: tool calls since {@code since} and how many users made them
 */
public record UsageReport(
    Instant since,
    long totalUsers,
    long activeUsers,
    long usersSeenSince,
    List<ServerUsage> servers,
    long conversationsSince,
    long messagesSince,
    List<ToolCallCount> toolCalls,
    List<UserActivity> users,
    List<ServerActivity> serverCalls) {
  public UsageReport {
    servers = List.copyOf(servers);
    toolCalls = List.copyOf(toolCalls);
    users = List.copyOf(users);
    serverCalls = List.copyOf(serverCalls);
  }
}
