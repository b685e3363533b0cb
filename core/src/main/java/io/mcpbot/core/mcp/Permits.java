package io.mcpbot.core.mcp;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts live sessions (alive or starting) against the global and per-user caps. Not thread-safe by
 * itself: every method is called under {@link SlotTable}'s lock.
 */
final class Permits {
  private final int max;
  private final int maxPerUser;
  private final Map<String, Integer> perUser = new HashMap<>();
  private int live;

  Permits(int max, int maxPerUser) {
    this.max = max;
    this.maxPerUser = maxPerUser;
  }

  boolean userFull(String userId) {
    return perUser.getOrDefault(userId, 0) >= maxPerUser;
  }

  /** Takes a permit for a new session of the user if both caps allow it. */
  boolean tryTake(String userId) {
    if (live >= max || userFull(userId)) {
      return false;
    }
    live++;
    perUser.merge(userId, 1, Integer::sum);
    return true;
  }

  /** Returns the permit of a session that ended or never started. */
  void give(String userId) {
    live--;
    perUser.computeIfPresent(userId, (k, v) -> v > 1 ? v - 1 : null);
  }

  int live() {
    return live;
  }

  Map<String, Integer> perUser() {
    return Map.copyOf(perUser);
  }

  /** Why a caller gave up waiting for a permit, worded for the user, naming the server. */
  McpException busy(String userId, String server) {
    return new McpException(
        userFull(userId)
            ? "cannot start server '"
                + server
                + "': you already have "
                + maxPerUser
                + " MCP server(s) running, the limit per user, and all are busy with tool calls;"
                + " try again when one of them finishes"
            : "cannot start server '"
                + server
                + "': the bot is busy, all "
                + max
                + " MCP server sessions are in use by tool calls; try again in a minute");
  }
}
