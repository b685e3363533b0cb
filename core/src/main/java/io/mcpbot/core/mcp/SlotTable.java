package io.mcpbot.core.mcp;

import io.mcpbot.core.mcp.internal.Resolver;
import io.mcpbot.core.mcp.internal.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's bookkeeping: one {@link Slot} per (user, server), live-session permits under the
 * global and per-user caps, LRU eviction, start de-duplication, backoff and circuit. Thread-safe:
 * all state is guarded by one lock; processes are started and killed outside it.
 */
final class SlotTable {
  private final PoolConfig config;
  private final SessionOpener opener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Map<String, Slot>> slots = new HashMap<>(); // guarded by lock
  private final Permits permits; // guarded by lock
  private boolean closed; // guarded by lock

  SlotTable(PoolConfig config, SessionOpener opener) {
    this.config = config;
    this.opener = opener;
    this.permits = new Permits(config.maxSessions(), config.maxSessionsPerUser());
  }

  /** The servers of the user that have a slot (started at least once). */
  List<String> serverNames(String userId) {
    lock.lock();
    try {
      return List.copyOf(slots.getOrDefault(userId, Map.of()).keySet());
    } finally {
      lock.unlock();
    }
  }

  /** The users that have a slot of that server. */
  List<String> usersOf(String serverName) {
    lock.lock();
    try {
      return slots.entrySet().stream()
          .filter(e -> e.getValue().containsKey(serverName))
          .map(Map.Entry::getKey)
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /** Every user that has a slot. */
  List<String> userIds() {
    lock.lock();
    try {
      return List.copyOf(slots.keySet());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the user's session of that server (disabled, credential changed) and resets failures.
   */
  void invalidate(String userId, String serverName) {
    Session toClose = null;
    lock.lock();
    try {
      Slot s = slot(userId, serverName, false);
      if (s != null) {
        s.resetFailures();
        s.staleStart = s.starting != null;
        if (s.session != null) {
          if (s.inUse > 0) {
            s.broken = true; // closed by the last user of it
          } else {
            toClose = s.session;
            s.session = null;
          }
        }
      }
    } finally {
      lock.unlock();
    }
    if (toClose != null) {
      closeAndRelease(userId, toClose);
    }
  }

  /** What the App Home shows for this server of this user. */
  ServerStatus status(String userId, String serverName) {
    lock.lock();
    try {
      Slot s = slot(userId, serverName, false);
      return s == null ? new ServerStatus.NotStarted() : s.status(config.clock().instant());
    } finally {
      lock.unlock();
    }
  }

  /** Live sessions, total and per user. */
  PoolStats stats() {
    lock.lock();
    try {
      int busy = 0;
      for (Map<String, Slot> m : slots.values()) {
        for (Slot s : m.values()) {
          busy += s.inUse > 0 ? 1 : 0;
        }
      }
      return new PoolStats(permits.live(), busy, permits.perUser());
    } finally {
      lock.unlock();
    }
  }

  /** Closes sessions idle longer than the idle timeout; also runs periodically on its own. */
  void evictIdle() {
    List<Slot> victims = new ArrayList<>();
    List<Session> sessions = new ArrayList<>();
    lock.lock();
    try {
      Instant cutoff = config.clock().instant().minus(config.idleTimeout());
      for (Map<String, Slot> m : slots.values()) {
        for (Slot s : m.values()) {
          if (s.session != null && s.inUse == 0 && !s.lastUsed.isAfter(cutoff)) {
            victims.add(s);
            sessions.add(s.session);
            s.session = null;
          }
        }
        // forget slots with nothing to remember, so thousands of past users cost nothing
        m.values()
            .removeIf(
                s ->
                    s.session == null
                        && s.starting == null
                        && s.inUse == 0
                        && s.failures == 0
                        && !s.circuitUntil.isAfter(config.clock().instant()));
      }
      slots.values().removeIf(Map::isEmpty);
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < victims.size(); i++) {
      closeAndRelease(victims.get(i).userId, sessions.get(i));
    }
  }

  /**
   * Ends every session (all process trees) in parallel and every start in progress (its thread is
   * interrupted, which ends the half-started process), bounded by the kill grace plus 10 s: when it
   * returns, no process of this pool is left running.
   */
  void closeAll() {
    List<Slot> all = new ArrayList<>();
    List<Session> sessions = new ArrayList<>();
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Map<String, Slot> m : slots.values()) {
        for (Slot s : m.values()) {
          if (s.session != null) {
            all.add(s);
            sessions.add(s.session);
            s.session = null;
          }
          if (s.starting != null) {
            // a start racing the close (a prewarm after a credential save): without this its
            // process would come up after the pool closed and live until its own init timeout
            starts.add(s.starting);
            s.starter.interrupt();
          }
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      String user = all.get(i).userId;
      Session s = sessions.get(i);
      threads.add(Thread.ofVirtual().start(() -> closeAndRelease(user, s)));
    }
    long deadline = System.nanoTime() + config.killGrace().plusSeconds(10).toNanos();
    for (Thread t : threads) {
      try {
        t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (CompletableFuture<Void> f : starts) {
      try {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // failed as it should (interrupted, pool shut down), or still stuck: bounded either way
      }
    }
  }

  // ---- acquisition ----

  record Lease(Slot slot, Session session) {}

  private sealed interface Step {}

  private record Use(Lease lease) implements Step {}

  private record Evict(String userId, Session session) implements Step {}

  private record Start(Slot slot, CompletableFuture<Void> mine) implements Step {}

  private record Wait(CompletableFuture<Void> starting) implements Step {}

  Lease acquire(String userId, UserServer server) {
    if (server.unavailableReason() != null) {
      throw new McpException(server.unavailableReason());
    }
    opener.requireSandbox(server.definition());
    Lease live = useLive(userId, server.name());
    if (live != null) {
      return live; // the common case: no credential is read, nothing is resolved
    }
    // a start may be needed: read (decrypt) the credentials once, for this start only. A missing
    // or unreadable credential is a config problem, not a server failure: refuse before taking a
    // permit, evicting anyone's idle session or counting a failure
    UserServer us = new UserServer(server.definition(), server.credentials());
    Resolver.requireRunnable(us);
    long deadline = System.nanoTime() + config.acquireTimeout().toNanos();
    while (true) {
      Step step;
      lock.lock();
      try {
        step = decide(userId, us.name(), deadline);
      } finally {
        lock.unlock();
      }
      switch (step) {
        case Use u -> {
          return u.lease();
        }
        case Evict e -> closeAndRelease(e.userId(), e.session());
        case Start st -> {
          return start(st.slot(), us, st.mine());
        }
        case Wait w -> awaitStart(w.starting(), deadline, us.name());
      }
    }
  }

  /** A lease on the slot's running session, or null when there is none to use as it is. */
  private Lease useLive(String userId, String server) {
    lock.lock();
    try {
      Slot s = closed ? null : slot(userId, server, false);
      if (s == null || s.session == null || s.broken || s.session.isDead()) {
        return null;
      }
      s.inUse++;
      s.lastUsed = config.clock().instant();
      return new Lease(s, s.session);
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: what the caller must do next to get a session of this slot. */
  private Step decide(String userId, String server, long deadline) {
    if (closed) {
      throw new McpException("the MCP session pool is shut down");
    }
    Slot s = slot(userId, server, true);
    Instant now = config.clock().instant();
    if (s.session != null) {
      boolean dead = s.session.isDead();
      if (!dead && !s.broken) {
        s.inUse++;
        s.lastUsed = now;
        return new Use(new Lease(s, s.session));
      }
      if (s.inUse > 0) {
        return new Wait(null); // its last user closes it
      }
      if (!s.broken) { // died on its own: a crash
        s.recordFailure(
            config, "server '" + server + "' exited unexpectedly", s.session.stderrTail());
      }
      Session gone = s.session;
      s.session = null;
      s.broken = false;
      return new Evict(userId, gone);
    }
    if (s.starting != null) {
      return new Wait(s.starting);
    }
    McpException refused = s.refusal(now);
    if (refused != null) {
      throw refused;
    }
    Slot victim = reserve(userId, server, deadline);
    if (victim != null) {
      Session v = victim.session;
      victim.session = null;
      return new Evict(victim.userId, v);
    }
    s.starting = new CompletableFuture<>();
    s.starter = Thread.currentThread();
    return new Start(s, s.starting);
  }

  private static McpException busy(String server) {
    return new McpException(
        "server '" + server + "' is busy starting or restarting; try again in a moment");
  }

  private void awaitStart(CompletableFuture<Void> f, long deadline, String server) {
    if (f == null) { // session busy being broken/replaced by another caller: wait for a change
      lock.lock();
      try {
        if (changed.awaitNanos(Math.min(deadline - System.nanoTime(), 50_000_000L)) <= 0
            && System.nanoTime() > deadline) {
          throw busy(server);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new McpException("interrupted while waiting for server '" + server + "'");
      } finally {
        lock.unlock();
      }
      return;
    }
    try {
      f.get(
          Math.max(1, deadline - System.nanoTime()) + config.initTimeout().toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw busy(server);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof McpException m
          ? m
          : new McpException(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpException("interrupted while waiting for server '" + server + "'");
    }
  }

  /**
   * Under the lock: takes a permit for a new session of {@code userId}, or returns an idle victim
   * to evict first, or waits until the deadline and throws "busy". Null means a permit was taken.
   */
  private Slot reserve(String userId, String server, long deadline) {
    while (true) {
      if (permits.tryTake(userId)) {
        return null;
      }
      Slot victim = lruIdle(permits.userFull(userId) ? userId : null);
      if (victim != null) {
        return victim;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw permits.busy(userId, server);
      }
      try {
        changed.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new McpException("interrupted while waiting for a free MCP session");
      }
      if (closed) {
        throw new McpException("the MCP session pool is shut down");
      }
    }
  }

  private Slot lruIdle(String onlyUser) {
    Slot best = null;
    for (Map.Entry<String, Map<String, Slot>> e : slots.entrySet()) {
      if (onlyUser != null && !onlyUser.equals(e.getKey())) {
        continue;
      }
      for (Slot s : e.getValue().values()) {
        if (s.session != null
            && s.inUse == 0
            && (best == null || s.lastUsed.isBefore(best.lastUsed))) {
          best = s;
        }
      }
    }
    return best;
  }

  private Lease start(Slot s, UserServer us, CompletableFuture<Void> mine) {
    Session session = null;
    String error = null;
    String stderr = "";
    try {
      session = opener.open(s.userId, us);
      config.metrics().sessionStart(us.name(), true);
    } catch (SessionOpener.StartFailure e) {
      config.metrics().sessionStart(us.name(), false);
      error = e.getMessage();
      stderr = e.stderr();
    } catch (RuntimeException e) { // missing credential, bad path: a config problem, not a failure
      lock.lock();
      try {
        s.starting = null;
        s.starter = null;
        permits.give(s.userId);
        mine.completeExceptionally(e);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      throw e;
    }
    McpException failure;
    boolean discard;
    lock.lock();
    try {
      s.starting = null;
      s.starter = null;
      if (session != null && !closed) {
        s.session = session;
        s.failures = 0;
        s.broken = s.staleStart;
        s.staleStart = false;
        s.inUse++;
        s.lastUsed = config.clock().instant();
        mine.complete(null);
        changed.signalAll();
        return new Lease(s, session);
      }
      permits.give(s.userId);
      discard = session != null; // started while the pool closed
      if (discard || closed) {
        error = "the MCP session pool is shut down";
      } else {
        s.recordFailure(config, error, stderr);
      }
      failure = new McpException(error);
      if (!discard) {
        mine.completeExceptionally(failure);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (discard) {
      // ended before the start counts as done, so the pool's close that waits for it returns
      // only once this process is gone
      try {
        session.close();
      } finally {
        mine.completeExceptionally(failure);
      }
    }
    throw failure;
  }

  void release(Lease lease, boolean broken) {
    Session toClose = null;
    lock.lock();
    try {
      Slot s = lease.slot;
      s.inUse--;
      s.lastUsed = config.clock().instant();
      if (broken) {
        s.broken = true;
      }
      if (s.broken && s.inUse == 0 && s.session == lease.session) {
        toClose = s.session;
        s.session = null;
        s.broken = false;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (toClose != null) {
      closeAndRelease(lease.slot.userId, toClose);
    }
  }

  void failed(Slot s, String reason, String stderr) {
    lock.lock();
    try {
      s.recordFailure(config, reason, stderr);
    } finally {
      lock.unlock();
    }
  }

  private void closeAndRelease(String userId, Session session) {
    try {
      session.close();
    } finally {
      lock.lock();
      try {
        permits.give(userId);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private Slot slot(String userId, String server, boolean create) {
    Map<String, Slot> m =
        create ? slots.computeIfAbsent(userId, k -> new HashMap<>()) : slots.get(userId);
    if (m == null) {
      return null;
    }
    return create ? m.computeIfAbsent(server, k -> new Slot(userId, k)) : m.get(server);
  }
}
