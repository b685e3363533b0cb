package io.mcpbot.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.internal.Resolver;
import io.mcpbot.core.mcp.internal.Results;
import io.mcpbot.core.mcp.internal.Session;
import io.mcpbot.core.mcp.internal.ToolNames;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Per-user MCP sessions: starts each user's servers on demand (in parallel, each stdio server in
 * the config's {@link PoolConfig#sandbox() sandbox}, isolated environment, own process tree), lists
 * their tools, runs calls on the session each tool came from, evicts idle sessions, caps live
 * sessions globally and per user, and restarts failed servers with backoff and a circuit breaker.
 * Thread-safe; {@link #close()} ends every process within a bound.
 */
public final class SessionPool implements AutoCloseable {
  private final PoolConfig config;
  private final UserServerSource source;
  private final ObjectMapper json = new ObjectMapper();
  private final McpJsonMapper mapper = new JacksonMcpJsonMapper(json);
  private final SessionOpener opener;
  private final SlotTable table;
  private final ScheduledExecutorService reaper;

  /**
   * @param botEnv the bot's environment (callers pass {@code settings::env}): supplies the
   *     allowlisted host variables (PATH, HOME, ...) and the values of admin-named {@code ${VAR}}
   *     placeholders, and tells whether an OAuth client's {@code client_secret_env} is set; returns
   *     null when unset. Never read for anything else.
   */
  public SessionPool(PoolConfig config, UserServerSource source, Function<String, String> botEnv) {
    this.config = config;
    this.source = source;
    this.opener =
        new SessionOpener(config, new Resolver(config.userDataRoot(), botEnv), mapper, botEnv);
    this.table = new SlotTable(config, opener);
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("mcp-pool-reaper").unstarted(r));
    long period = Math.clamp(config.idleTimeout().toMillis() / 4, 1000, 30_000);
    reaper.scheduleWithFixedDelay(table::evictIdle, period, period, TimeUnit.MILLISECONDS);
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
          McpTool tool =
              new McpTool(
                  q,
                  server,
                  t.name(),
                  t.description(),
                  Results.schema(t, json),
                  hints(t.annotations()),
                  userId,
                  servers.get(i));
          byName.put(q, tool);
          tools.add(tool);
        }
      } catch (IllegalStateException e) {
        Throwable c = futures.get(i).exceptionNow();
        problems.add(
            new ServerProblem(
                server,
                c instanceof McpException ? c.getMessage() : "server '" + server + "' failed: " + c,
                c instanceof AuthorizationRequiredException a ? a.reason() : null));
      }
    }
    return new ToolCatalog(tools, problems);
  }

  private static ToolHints hints(McpSchema.ToolAnnotations a) {
    return a == null
        ? null
        : new ToolHints(
            a.readOnlyHint(), a.destructiveHint(), a.idempotentHint(), a.openWorldHint());
  }

  private List<McpSchema.Tool> toolsOf(String userId, UserServer us) {
    SlotTable.Lease lease = table.acquire(userId, us);
    try {
      return lease.session().tools();
    } finally {
      table.release(lease, false);
    }
  }

  /**
   * Calls {@code tool}, taken from this user's {@link #catalog}, on that user's own server: the
   * tool carries its route, so nothing is looked up or listed again. Never throws for tool-level
   * problems: a tool of another user or made outside the pool, busy pool, timeout, crash all come
   * back as error outcomes with a clear message. Arguments may be null. Elicitations go to the
   * pool's {@link PoolConfig#elicitor()}.
   *
   * @throws AuthorizationRequiredException when a remote server needs the user to (re)connect
   */
  public ToolOutcome call(String userId, McpTool tool, Map<String, Object> arguments) {
    return call(userId, tool, arguments, config.elicitor());
  }

  /**
   * {@link #call(String, McpTool, Map)} whose server's elicitations during the call go to {@code
   * elicitor} (when calls overlap on one session, the most recent call's elicitor answers).
   *
   * @throws AuthorizationRequiredException when a remote server needs the user to (re)connect
   */
  public ToolOutcome call(
      String userId, McpTool tool, Map<String, Object> arguments, Elicitor elicitor) {
    Resolver.requireUserId(userId);
    if (!tool.belongsTo(userId)) {
      return ToolOutcome.error(
          "tool '"
              + tool.qualifiedName()
              + "' is not in your tool list; use one of the listed tools");
    }
    UserServer us = tool.origin();
    SlotTable.Lease lease;
    try {
      lease = table.acquire(userId, us);
    } catch (AuthorizationRequiredException e) {
      throw e;
    } catch (McpException e) {
      return ToolOutcome.error(e.getMessage());
    }
    boolean broken = false;
    try {
      Duration timeout = opener.callTimeout(us.definition());
      Session session = lease.session();
      return Results.map(
          session.call(
              tool.tool(),
              arguments == null ? Map.of() : arguments,
              timeout,
              elicitor == null ? config.elicitor() : elicitor),
          json,
          session::mask);
    } catch (Session.Broken e) {
      broken = true;
      table.failed(lease.slot(), e.getMessage(), e.stderr());
      return ToolOutcome.error(e.getMessage() + "; the server will be restarted on next use");
    } finally {
      table.release(lease, broken);
    }
  }

  /** {@link #call(String, McpTool, Map)} with JSON arguments from an LLM (null: none). */
  public ToolOutcome call(String userId, McpTool tool, JsonNode arguments) {
    return call(userId, tool, arguments, config.elicitor());
  }

  /** {@link #call(String, McpTool, Map, Elicitor)} with JSON arguments (null: none). */
  public ToolOutcome call(String userId, McpTool tool, JsonNode arguments, Elicitor elicitor) {
    @SuppressWarnings("unchecked")
    Map<String, Object> args =
        arguments == null || arguments.isNull()
            ? Map.of()
            : json.convertValue(arguments, Map.class);
    return call(userId, tool, args, elicitor);
  }

  /** Starts the server in the background (user enabled it or opened the App Home). */
  public CompletableFuture<ServerStatus> prewarm(String userId, String serverName) {
    Resolver.requireUserId(userId);
    return CompletableFuture.supplyAsync(
        () -> {
          warm(userId, serverName);
          return status(userId, serverName);
        },
        r -> Thread.ofVirtual().name("mcp-prewarm").start(r));
  }

  private void warm(String userId, String serverName) {
    try {
      source.enabledServers(userId).stream()
          .filter(s -> s.name().equals(serverName))
          .findFirst()
          .ifPresent(us -> table.release(table.acquire(userId, us), false));
    } catch (RuntimeException e) {
      // McpException: the status carries the reason; anything else (the store failing) is the
      // next real use's to report, not a background thread's to print
    }
  }

  /**
   * Closes the user's session of that server (disabled, credential changed) and resets failures, so
   * the next use starts with the new state.
   */
  public void invalidate(String userId, String serverName) {
    Resolver.requireUserId(userId);
    table.invalidate(userId, serverName);
  }

  /** {@link #invalidate} for every server of the user. */
  public void invalidateUser(String userId) {
    Resolver.requireUserId(userId);
    table.serverNames(userId).forEach(n -> table.invalidate(userId, n));
  }

  /**
   * {@link #invalidate} for every user's session of that server (sync-servers changed it), then,
   * for each user whose session was running, starts it again in the background with the new state.
   */
  public void invalidateServer(String serverName) {
    table.usersOf(serverName).forEach(u -> restart(u, serverName));
  }

  /** {@link #invalidateServer} for every server of every user. */
  public void invalidateAll() {
    table.userIds().forEach(u -> table.serverNames(u).forEach(n -> restart(u, n)));
  }

  /**
   * Closes the user's session of that server and, if it was running, prewarms it again (a change
   * made on another replica: the person's next turn should not pay the start). A server the user no
   * longer has enabled is closed and not started.
   */
  public void restart(String userId, String serverName) {
    Resolver.requireUserId(userId);
    boolean wasRunning = table.status(userId, serverName) instanceof ServerStatus.Running;
    table.invalidate(userId, serverName);
    if (wasRunning) {
      prewarm(userId, serverName);
    }
  }

  /** {@link #restart} for every server of the user. */
  public void restartUser(String userId) {
    Resolver.requireUserId(userId);
    table.serverNames(userId).forEach(n -> restart(userId, n));
  }

  /** What the App Home shows for this server of this user. */
  public ServerStatus status(String userId, String serverName) {
    Resolver.requireUserId(userId);
    return table.status(userId, serverName);
  }

  /** Live sessions, total and per user. */
  public PoolStats stats() {
    return table.stats();
  }

  /** Closes sessions idle longer than the idle timeout; also runs periodically on its own. */
  public void evictIdle() {
    table.evictIdle();
  }

  /** Ends every session (all process trees) in parallel, bounded by the kill grace plus 10 s. */
  @Override
  public void close() {
    reaper.shutdownNow();
    table.closeAll();
  }
}
