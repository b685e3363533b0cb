package io.mcpbot.core.mcp;

import java.util.Map;

/** Snapshot of the pool's live sessions, total and per user. Immutable. */
public record PoolStats(int liveSessions, int busySessions, Map<String, Integer> perUser) {
  public PoolStats {
    perUser = Map.copyOf(perUser);
  }
}
