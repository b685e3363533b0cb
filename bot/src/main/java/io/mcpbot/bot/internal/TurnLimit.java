package io.mcpbot.bot.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code max} turns in flight per user, across all their threads and channels (messages in
 * one thread already wait for each other in its lane). Thread-safe.
 */
public final class TurnLimit {
  private final int max;
  private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

  public TurnLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, got " + max);
    }
    this.max = max;
  }

  int max() {
    return max;
  }

  /** Takes a slot for {@code user}; false when they already have {@code max} turns running. */
  boolean tryAcquire(String user) {
    boolean[] taken = {false};
    running.compute(
        user,
        (k, n) -> {
          int now = n == null ? 0 : n;
          if (now >= max) {
            return n;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  /** Gives back a slot taken by {@link #tryAcquire}. */
  void release(String user) {
    running.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
  }
}
