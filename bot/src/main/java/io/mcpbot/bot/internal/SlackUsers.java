package io.mcpbot.bot.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * users.info with a short cache, so that deciding access on every message and storing the profile
 * at first contact cost one lookup per user per {@code ttl}. Failures are not cached: the next
 * contact asks Slack again. Thread-safe.
 */
public final class SlackUsers {
  private record Cached(SlackUserInfo info, Instant until) {}

  private static final int SWEEP_AT = 10_000;

  private final SlackApi api;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public SlackUsers(SlackApi api, Duration ttl, Clock clock) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("the profile cache TTL must not be negative: " + ttl);
    }
    this.api = api;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * The user as Slack describes them, from the cache when fresh.
   *
   * @throws RuntimeException (McpbotException) when users.info fails
   */
  SlackUserInfo lookup(String userId) {
    Instant now = clock.instant();
    Cached hit = cache.get(userId);
    if (hit != null && now.isBefore(hit.until())) {
      return hit.info();
    }
    SlackUserInfo info = api.userInfo(userId);
    if (cache.size() >= SWEEP_AT) {
      // One entry per user who wrote lately; forget the stale ones rather than grow forever.
      cache.values().removeIf(c -> !now.isBefore(c.until()));
    }
    cache.put(userId, new Cached(info, now.plus(ttl)));
    return info;
  }
}
