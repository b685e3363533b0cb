package io.mcpbot.core.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.internal.ResolvedServer;
import io.mcpbot.core.mcp.internal.Resolver;
import io.mcpbot.core.mcp.internal.Results;
import io.mcpbot.core.mcp.internal.Session;
import io.mcpbot.core.mcp.internal.ToolNames;
import io.mcpbot.core.mcp.internal.UserDirs;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Per-user MCP sessions: starts each user's servers on demand (in parallel, isolated environment,
 * own process tree), caches their tool catalogs, routes tool calls, evicts idle sessions, caps live
 * sessions globally and per user, and restarts failed servers with backoff and a circuit breaker.
 * Thread-safe; {@link #close()} ends every process within a bound.
 */
public final class SessionPool implements AutoCloseable {
  private final PoolConfig config;
  private final UserServerSource source;
  private final Resolver resolver;
  private final ObjectMapper json = new ObjectMapper();
  private final McpJsonMapper mapper = new JacksonMcpJsonMapper(json);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Map<String, Slot>> slots = new HashMap<>(); // guarded by lock
  private final Map<String, Integer> livePerUser = new HashMap<>(); // guarded by lock
  private int live; // sessions alive or starting; guarded by lock
  private boolean closed; // guarded by lock
  private final Map<String, Map<String, McpTool>> routes = new ConcurrentHashMap<>();
  // the UserServers behind the last catalog, so a call does not ask the source (the store) again;
  // invalidate() drops them, which is the contract for disable and credential changes
  private final Map<String, Map<String, UserServer>> known = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reaper;

  /**
   * @param botEnv the bot's environment (callers pass {@code settings::env}): supplies the
   *     allowlisted host variables (PATH, HOME, ...) and the values of admin-named {@code ${VAR}}
   *     placeholders; returns null when unset. Never read for anything else.
   */
  public SessionPool(PoolConfig config, UserServerSource source, Function<String, String> botEnv) {
    this.config = config;
    this.source = source;
    this.resolver = new Resolver(config.userDataRoot(), botEnv);
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("mcp-pool-reaper").unstarted(r));
    long period = Math.clamp(config.idleTimeout().toMillis() / 4, 1000, 30_000);
    reaper.scheduleWithFixedDelay(this::evictIdle, period, period, TimeUnit.MILLISECONDS);
  }

  /** The user's tools from all enabled servers (started in parallel) plus the ones that failed. */
  public ToolCatalog catalog(String userId) {
    Resolver.requireUserId(userId);
    List<UserServer> servers = source.enabledServers(userId);
    List<Future<List<McpSchema.Tool>>> futures = new ArrayList<>();
    try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
      for (UserServer us : servers) {
        futures.add(exec.submit(() -> toolsOf(userId, us)));
      }
    }
    List<McpTool> tools = new ArrayList<>();
    List<ServerProblem> problems = new ArrayList<>();
    Map<String, McpTool> byName = new LinkedHashMap<>();
    for (int i = 0; i < servers.size(); i++) {
      String server = servers.get(i).name();
      try {
        for (McpSchema.Tool t : futures.get(i).resultNow()) {
          String q = ToolNames.qualify(server, t.name(), byName.keySet());
          McpTool tool = new McpTool(q, server, t.name(), t.description(), Results.schema(t, json));
          byName.put(q, tool);
          tools.add(tool);
        }
      } catch (IllegalStateException e) {
        Throwable c = futures.get(i).exceptionNow();
        problems.add(
            new ServerProblem(
                server,
                c instanceof McpException
                    ? c.getMessage()
                    : "server '" + server + "' failed: " + c));
      }
    }
    Map<String, UserServer> serversByName = new HashMap<>();
    servers.forEach(us -> serversByName.put(us.name(), us));
    known.put(userId, serversByName);
    routes.put(userId, Map.copyOf(byName));
    return new ToolCatalog(tools, problems);
  }

  private List<McpSchema.Tool> toolsOf(String userId, UserServer us) {
    Lease lease = acquire(userId, us);
    try {
      return lease.session.tools();
    } finally {
      release(lease, false);
    }
  }

  /**
   * Calls {@code qualifiedName} from the user's catalog on that user's own server. Never throws for
   * tool-level problems: unknown tool, busy pool, timeout, crash all come back as error results
   * with a clear message. Arguments may be null.
   */
  public ToolResult call(String userId, String qualifiedName, Map<String, Object> arguments) {
    Resolver.requireUserId(userId);
    McpTool tool =
        Optional.ofNullable(routes.get(userId)).map(m -> m.get(qualifiedName)).orElse(null);
    if (tool == null) {
      ToolCatalog fresh = catalog(userId);
      tool = fresh.find(qualifiedName).orElse(null);
      if (tool == null) {
        for (ServerProblem p : fresh.problems()) {
          if (qualifiedName.startsWith(p.server().replaceAll("[^a-zA-Z0-9_-]", "_") + "__")) {
            return ToolResult.error(p.reason());
          }
        }
      }
    }
    if (tool == null) {
      return ToolResult.error(
          "unknown tool '"
              + qualifiedName
              + "': it is not in your tool list;"
              + " use one of the listed tools");
    }
    String server = tool.server();
    UserServer us = known.getOrDefault(userId, Map.of()).get(server);
    if (us == null) {
      return ToolResult.error("server '" + server + "' is no longer enabled for you");
    }
    Lease lease;
    try {
      lease = acquire(userId, us);
    } catch (McpException e) {
      return ToolResult.error(e.getMessage());
    }
    boolean broken = false;
    try {
      Duration timeout =
          Optional.ofNullable(us.definition().callTimeout()).orElse(config.callTimeout());
      return Results.map(
          lease.session.call(tool.tool(), arguments == null ? Map.of() : arguments, timeout), json);
    } catch (Session.Broken e) {
      broken = true;
      failed(lease.slot, e.getMessage(), e.stderr());
      return ToolResult.error(e.getMessage() + "; the server will be restarted on next use");
    } finally {
      release(lease, broken);
    }
  }

  /** Convenience for JSON arguments from an LLM. */
  public ToolResult call(
      String userId, String qualifiedName, com.fasterxml.jackson.databind.JsonNode arguments) {
    @SuppressWarnings("unchecked")
    Map<String, Object> args =
        arguments == null || arguments.isNull()
            ? Map.of()
            : json.convertValue(arguments, Map.class);
    return call(userId, qualifiedName, args);
  }

  /** Starts the server in the background (user enabled it or opened the App Home). */
  public CompletableFuture<ServerStatus> prewarm(String userId, String serverName) {
    Resolver.requireUserId(userId);
    CompletableFuture<ServerStatus> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("mcp-prewarm")
        .start(
            () -> {
              try {
                source.enabledServers(userId).stream()
                    .filter(s -> s.name().equals(serverName))
                    .findFirst()
                    .ifPresent(us -> release(acquire(userId, us), false));
              } catch (McpException e) {
                // the status below carries the reason
              } finally {
                f.complete(status(userId, serverName));
              }
            });
    return f;
  }

  /**
   * Closes the user's session of that server (disabled, credential changed) and resets failures.
   */
  public void invalidate(String userId, String serverName) {
    Resolver.requireUserId(userId);
    routes.remove(userId);
    known.remove(userId);
    Session toClose = null;
    lock.lock();
    try {
      Slot s = slot(userId, serverName, false);
      if (s != null) {
        s.failures = 0;
        s.retryAt = Instant.EPOCH;
        s.circuitUntil = Instant.EPOCH;
        s.lastReason = "";
        s.lastStderr = "";
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

  /** {@link #invalidate} for every server of the user. */
  public void invalidateUser(String userId) {
    List<String> names;
    lock.lock();
    try {
      names = List.copyOf(slots.getOrDefault(userId, Map.of()).keySet());
    } finally {
      lock.unlock();
    }
    names.forEach(n -> invalidate(userId, n));
    routes.remove(userId);
    known.remove(userId);
  }

  /** What the App Home shows for this server of this user. */
  public ServerStatus status(String userId, String serverName) {
    Resolver.requireUserId(userId);
    lock.lock();
    try {
      Slot s = slot(userId, serverName, false);
      Instant now = config.clock().instant();
      if (s == null) {
        return new ServerStatus.NotStarted();
      }
      if (s.circuitUntil.isAfter(now)) {
        return new ServerStatus.CircuitOpen(s.lastReason, s.lastStderr, s.circuitUntil);
      }
      if (s.session != null && !s.session.isDead()) {
        return new ServerStatus.Running(
            s.session.pid(), s.session.tools().size(), s.lastUsed, s.inUse > 0);
      }
      if (s.failures > 0) {
        return new ServerStatus.Failing(s.lastReason, s.lastStderr, s.retryAt, s.failures);
      }
      return new ServerStatus.NotStarted();
    } finally {
      lock.unlock();
    }
  }

  /** Live sessions, total and per user. */
  public PoolStats stats() {
    lock.lock();
    try {
      int busy = 0;
      for (Map<String, Slot> m : slots.values()) {
        for (Slot s : m.values()) {
          busy += s.inUse > 0 ? 1 : 0;
        }
      }
      Map<String, Integer> per = new HashMap<>(livePerUser);
      per.values().removeIf(v -> v == 0);
      return new PoolStats(live, busy, per);
    } finally {
      lock.unlock();
    }
  }

  /** Closes sessions idle longer than the idle timeout; also runs periodically on its own. */
  public void evictIdle() {
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
      }
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < victims.size(); i++) {
      closeAndRelease(victims.get(i).userId, sessions.get(i));
    }
  }

  /** Ends every session (all process trees) in parallel, bounded by the kill grace plus 10 s. */
  @Override
  public void close() {
    List<Slot> all = new ArrayList<>();
    List<Session> sessions = new ArrayList<>();
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
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    reaper.shutdownNow();
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
  }

  // ---- acquisition ----

  private record Lease(Slot slot, Session session) {}

  private sealed interface Step {}

  private record Use(Lease lease) implements Step {}

  private record Evict(String userId, Session session) implements Step {}

  private record Start(Slot slot, CompletableFuture<Void> mine) implements Step {}

  private record Wait(CompletableFuture<Void> starting) implements Step {}

  private Lease acquire(String userId, UserServer us) {
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
        recordFailure(s, "server '" + server + "' exited unexpectedly", s.session.stderrTail());
      }
      Session gone = s.session;
      s.session = null;
      s.broken = false;
      return new Evict(userId, gone);
    }
    if (s.starting != null) {
      return new Wait(s.starting);
    }
    if (s.circuitUntil.isAfter(now)) {
      throw new McpException(
          "server '"
              + server
              + "' is switched off until "
              + s.circuitUntil
              + " after repeated failures: "
              + s.lastReason);
    }
    if (s.retryAt.isAfter(now)) {
      throw new McpException(
          "server '"
              + server
              + "' failed and will be retried after "
              + s.retryAt
              + ": "
              + s.lastReason);
    }
    Slot victim = reserve(userId, deadline);
    if (victim != null) {
      Session v = victim.session;
      victim.session = null;
      return new Evict(victim.userId, v);
    }
    s.starting = new CompletableFuture<>();
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
  private Slot reserve(String userId, long deadline) {
    while (true) {
      int mine = livePerUser.getOrDefault(userId, 0);
      boolean userFull = mine >= config.maxSessionsPerUser();
      if (live < config.maxSessions() && !userFull) {
        live++;
        livePerUser.merge(userId, 1, Integer::sum);
        return null;
      }
      Slot victim = lruIdle(userFull ? userId : null);
      if (victim != null) {
        return victim;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new McpException(
            userFull
                ? "you already have "
                    + mine
                    + " MCP servers running (the limit per user); "
                    + "try again when one of your tool calls finishes"
                : "the bot is busy: all "
                    + config.maxSessions()
                    + " MCP sessions are in use; "
                    + "try again in a moment");
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
    ResolvedServer resolved;
    try {
      // resolved only when starting: a running session never pays for it
      resolved = resolver.resolve(s.userId, us);
    } catch (RuntimeException e) { // missing credential, bad path: a config problem, not a failure
      lock.lock();
      try {
        s.starting = null;
        live--;
        livePerUser.merge(s.userId, -1, Integer::sum);
        mine.completeExceptionally(e);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      throw e;
    }
    try {
      UserDirs.ensure(resolved.userDir());
      var def = us.definition();
      var timeouts =
          new Session.Timeouts(
              Optional.ofNullable(def.initTimeout()).orElse(config.initTimeout()),
              config.listTimeout(),
              Optional.ofNullable(def.callTimeout()).orElse(config.callTimeout()));
      session = Session.open(resolved, mapper, timeouts, config.maxLineBytes(), config.killGrace());
    } catch (Session.Broken | RuntimeException e) {
      stderr = e instanceof Session.Broken b ? b.stderr() : "";
      error =
          e instanceof Session.Broken || e instanceof McpException
              ? e.getMessage()
              : "server '"
                  + us.name()
                  + "' could not start: "
                  + resolved.mask(String.valueOf(e.getMessage()));
    }
    lock.lock();
    try {
      s.starting = null;
      if (session != null && !closed) {
        s.session = session;
        s.failures = 0;
        s.inUse++;
        s.lastUsed = config.clock().instant();
        mine.complete(null);
        changed.signalAll();
        return new Lease(s, session);
      }
      live--;
      livePerUser.merge(s.userId, -1, Integer::sum);
      if (error == null) {
        error = "the MCP session pool is shut down";
      } else {
        recordFailure(s, error, stderr);
      }
      McpException ex = new McpException(error);
      mine.completeExceptionally(ex);
      changed.signalAll();
      throw ex;
    } finally {
      lock.unlock();
      if (session != null && closed) {
        session.close();
      }
    }
  }

  private void release(Lease lease, boolean broken) {
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

  private void failed(Slot s, String reason, String stderr) {
    lock.lock();
    try {
      recordFailure(s, reason, stderr);
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: counts a failure, schedules the retry, opens the circuit at the threshold. */
  private void recordFailure(Slot s, String reason, String stderr) {
    Instant now = config.clock().instant();
    s.failures++;
    s.lastReason = reason;
    s.lastStderr = stderr == null ? "" : stderr;
    long factor = 1L << Math.min(20, s.failures - 1);
    Duration delay = config.backoffBase().multipliedBy(factor);
    if (delay.compareTo(config.backoffMax()) > 0) {
      delay = config.backoffMax();
    }
    s.retryAt = now.plus(delay);
    if (s.failures >= config.circuitThreshold()) {
      s.circuitUntil = now.plus(config.circuitOpenFor());
      s.failures = 0;
    }
  }

  private void closeAndRelease(String userId, Session session) {
    try {
      session.close();
    } finally {
      lock.lock();
      try {
        live--;
        livePerUser.merge(userId, -1, Integer::sum);
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
