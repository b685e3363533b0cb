package io.mcpbot.core.oauth;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.AuthorizationRequiredException.Reason;
import io.mcpbot.core.metrics.BotMetrics;
import io.mcpbot.core.store.Grant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps grants fresh: refreshes ahead of expiry (with jitter, so replicas and users do not all
 * refresh in the same second) and runs at most ONE refresh per (user, server) at a time in this
 * process; concurrent callers wait for it and reuse its result, because a refresh race makes
 * rotating providers revoke the whole grant. A refused refresh marks the grant dead. Grants read
 * from the store are reused for {@link #CACHE_FOR} (a refresh always reads the store again, so a
 * refresh token rotated by another replica is never replayed). Thread-safe.
 */
final class Refresher {
  private static final Duration AHEAD = Duration.ofSeconds(60);
  private static final long JITTER_MILLIS = 30_000;
  // a 401 arriving this soon after a refresh is for the old token: retry, do not refresh again
  private static final Duration RECENT = Duration.ofSeconds(10);

  private final GrantStore store;
  private final Renewal renewal;
  private final Clock clock;
  private final Map<OAuthFlows.Key, CompletableFuture<Grant>> inFlight = new ConcurrentHashMap<>();
  private final Map<OAuthFlows.Key, Instant> refreshedAt = new ConcurrentHashMap<>();
  private final AtomicLong count = new AtomicLong();
  private volatile BotMetrics metrics = BotMetrics.NONE;
  // the fast path reads no database: HttpChannel asks for the header on every request
  private final Map<OAuthFlows.Key, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Grant grant, Instant until) {}

  /** How long a grant read from the store is reused before reading it again (other replicas). */
  static final Duration CACHE_FOR = Duration.ofSeconds(30);

  /**
   * The token endpoint call behind one refresh; what this class adds around it is when to call it
   * and that one call at a time runs per grant.
   */
  interface Renewal {
    /**
     * The grant that replaces {@code grant} of {@code server}.
     *
     * @throws TokenCalls.GrantRefusedException when the authorization server refuses the refresh
     */
    Grant renew(Grant grant, RemoteServer server);
  }

  Refresher(GrantStore store, Renewal renewal, Clock clock) {
    this.store = store;
    this.renewal = renewal;
    this.clock = clock;
  }

  /** Where refreshes are counted from now on. */
  void metrics(BotMetrics value) {
    metrics = value;
  }

  /** A grant that cannot be used or refreshed: expired with no refresh token. */
  static boolean dead(Grant g, Instant now) {
    return g.refreshToken() == null && g.expiresAt() != null && !now.isBefore(g.expiresAt());
  }

  Optional<Grant> current(String userId, RemoteServer server) {
    OAuthFlows.Key key = new OAuthFlows.Key(userId, server.name());
    Instant now = clock.instant();
    Cached cached = cache.get(key);
    Optional<Grant> stored;
    if (cached != null && now.isBefore(cached.until())) {
      stored = Optional.of(cached.grant());
    } else {
      stored = store.grant(userId, server.name());
      stored.ifPresentOrElse(
          g -> cache.put(key, new Cached(g, now.plus(CACHE_FOR))), () -> cache.remove(key));
    }
    if (stored.isEmpty()) {
      return stored;
    }
    Grant g = stored.get();
    if (dead(g, now)) {
      throw OAuthFlows.reconnect(server.name());
    }
    if (g.expiresAt() == null || g.refreshToken() == null || now.isBefore(refreshFrom(g))) {
      return stored;
    }
    return Optional.of(refresh(key, server, g.accessToken()));
  }

  void afterRejection(String userId, RemoteServer server) {
    OAuthFlows.Key key = new OAuthFlows.Key(userId, server.name());
    Grant g =
        store.grant(userId, server.name()).orElseThrow(() -> OAuthFlows.reconnect(server.name()));
    Instant last = refreshedAt.get(key);
    if (last != null && clock.instant().isBefore(last.plus(RECENT))) {
      return;
    }
    refresh(key, server, g.accessToken());
  }

  /** Drops what this process remembers of the grant (it was replaced or deleted). */
  void forget(OAuthFlows.Key key) {
    cache.remove(key);
  }

  long count() {
    return count.get();
  }

  private Instant refreshFrom(Grant g) {
    long jitter = ThreadLocalRandom.current().nextLong(JITTER_MILLIS);
    return g.expiresAt().minus(AHEAD).minusMillis(jitter);
  }

  /** Refreshes the grant whose access token is {@code stale}, or joins the refresh under way. */
  private Grant refresh(OAuthFlows.Key key, RemoteServer server, String stale) {
    CompletableFuture<Grant> mine = new CompletableFuture<>();
    CompletableFuture<Grant> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return await(running);
    }
    try {
      // one refresh per grant across replicas too: the store locks the grant's row meanwhile
      Grant next =
          store.underRefreshLock(key.userId(), key.server(), () -> refreshNow(key, server, stale));
      mine.complete(next);
      return next;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private Grant refreshNow(OAuthFlows.Key key, RemoteServer server, String stale) {
    // read again inside the flight: a refresh that finished just before ours began already did it
    Grant g =
        store
            .grant(key.userId(), key.server())
            .orElseThrow(() -> OAuthFlows.reconnect(key.server()));
    if (!g.accessToken().equals(stale)) {
      cache.put(key, new Cached(g, clock.instant().plus(CACHE_FOR)));
      return g;
    }
    if (g.refreshToken() == null) {
      markDead(key, g);
      throw OAuthFlows.reconnect(key.server());
    }
    Grant next;
    try {
      count.incrementAndGet();
      next = renewal.renew(g, server);
      metrics.oauthRefresh(true);
    } catch (TokenCalls.GrantRefusedException e) {
      metrics.oauthRefresh(false);
      markDead(key, g);
      throw new AuthorizationRequiredException(key.server(), Reason.RECONNECT);
    }
    store.saveGrant(key.userId(), key.server(), next);
    cache.put(key, new Cached(next, clock.instant().plus(CACHE_FOR)));
    refreshedAt.put(key, clock.instant());
    return next;
  }

  /**
   * Keeps the row (so the Home says Reconnect) but makes it unusable: expired, no refresh token.
   */
  private void markDead(OAuthFlows.Key key, Grant g) {
    cache.remove(key);
    store.saveGrant(
        key.userId(),
        key.server(),
        new Grant(
            g.accessToken(),
            null,
            Instant.EPOCH,
            g.scope(),
            g.issuer(),
            g.clientId(),
            g.resource()));
  }

  private static Grant await(CompletableFuture<Grant> running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof AuthorizationRequiredException a) {
        throw new AuthorizationRequiredException(a.server(), a.reason());
      }
      if (e.getCause() instanceof OAuthException o) {
        throw new OAuthException(o.getMessage(), o);
      }
      throw e;
    }
  }
}
