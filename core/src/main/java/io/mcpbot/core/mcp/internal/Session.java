package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.RemoteTransport;
import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.Elicitor;
import io.mcpbot.core.mcp.RemoteAuthorizer;
import io.mcpbot.core.mcp.internal.StreamableHttpTransport.Unsupported;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;

/**
 * One live connection to one user's server (stdio process or HTTP endpoint) with its cached tool
 * list, refreshed on {@code notifications/tools/list_changed}. Thread-safe; {@link #close} is
 * idempotent and ends the process tree.
 */
public final class Session implements AutoCloseable {
  /** A failure of the session itself (not a tool error): the session must be replaced. */
  public static final class Broken extends Exception {
    private final String stderr;

    public Broken(String message, String stderr) {
      super(message, null, false, false);
      this.stderr = stderr;
    }

    /** The server's masked stderr tail at the time of failure, possibly empty. */
    public String stderr() {
      return stderr;
    }
  }

  /**
   * How to reach a remote server: its definition (what the authorizer keys on), the transport to
   * use ({@code AUTO}: probe) and who authorizes its requests.
   */
  public record Remote(
      RemoteServer definition, RemoteTransport transport, RemoteAuthorizer authorizer) {}

  private final ResolvedServer server;
  private final OwnTransport transport;
  private final McpAsyncClient client;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Elicitations elicitations;
  private volatile List<McpSchema.Tool> tools = List.of();

  private Session(
      ResolvedServer server, OwnTransport transport, Timeouts timeouts, Elicitor fallback) {
    this.server = server;
    this.transport = transport;
    this.elicitations = new Elicitations(server.server(), fallback);
    // the SDK's own timeouts stay above ours so that ours, with its clear message, fires
    this.client =
        McpClient.async(transport)
            .requestTimeout(timeouts.call().plus(timeouts.list()).plusMinutes(1))
            .initializationTimeout(timeouts.init().plusMinutes(1))
            .clientInfo(new McpSchema.Implementation("mcpbot", "0.1.0"))
            .capabilities(McpSchema.ClientCapabilities.builder().elicitation(true, true).build())
            .elicitation(elicitations::form)
            .urlElicitation(elicitations::url)
            .elicitationCompleteConsumer(elicitations::completed)
            .toolsChangeConsumer(t -> Mono.fromRunnable(() -> tools = List.copyOf(t)))
            .build();
  }

  /**
   * Spawns/connects, initializes and lists tools; on any failure everything is cleaned up. A stdio
   * server is started through {@code launcher} (the sandbox's wrapper; null: as is), see {@link
   * StdioTransport}. A remote server ({@code remote} not null) is probed when its transport is
   * {@code AUTO}: streamable HTTP first, the legacy HTTP+SSE transport when the server refuses it
   * with 400/404/405 (spec "Backwards Compatibility"); {@link #transport()} tells which one worked.
   * Elicitations arriving while no call is in flight go to {@code fallback}.
   *
   * @throws AuthorizationRequiredException when a remote server wants the user to (re)connect
   */
  public static Session open(
      ResolvedServer server,
      McpJsonMapper mapper,
      Timeouts t,
      int maxLineBytes,
      Duration killGrace,
      UnaryOperator<List<String>> launcher,
      Remote remote,
      Elicitor fallback)
      throws Broken {
    if (!server.isRemote()) {
      var stdio = new StdioTransport(server, mapper, maxLineBytes, killGrace, launcher);
      return start(new Session(server, stdio, t, fallback), t);
    }
    RemoteTransport kind = remote.transport();
    if (kind == RemoteTransport.SSE) {
      return openRemote(server, mapper, t, maxLineBytes, remote, RemoteTransport.SSE, fallback);
    }
    try {
      return openRemote(
          server, mapper, t, maxLineBytes, remote, RemoteTransport.STREAMABLE_HTTP, fallback);
    } catch (Unsupported e) {
      if (kind == RemoteTransport.STREAMABLE_HTTP) {
        throw new Broken(
            e.getMessage()
                + "; it does not speak streamable HTTP at this URL (\"transport\":"
                + " \"streamable-http\" in servers_config.json): if it speaks the legacy HTTP+SSE"
                + " transport set \"transport\": \"sse\", or remove \"transport\" to probe",
            "");
      }
      try {
        return openRemote(server, mapper, t, maxLineBytes, remote, RemoteTransport.SSE, fallback);
      } catch (Broken b) {
        throw new Broken(
            "server '%s' speaks neither streamable HTTP (%s) nor HTTP+SSE (%s)"
                .formatted(server.server(), e.getMessage(), b.getMessage()),
            "");
      }
    }
  }

  private static Session openRemote(
      ResolvedServer server,
      McpJsonMapper mapper,
      Timeouts t,
      int maxLineBytes,
      Remote remote,
      RemoteTransport kind,
      Elicitor fallback)
      throws Broken {
    HttpChannel http =
        new HttpChannel(
            server,
            new HttpChannel.Auth(remote.authorizer(), server.userId(), remote.definition()),
            t.init());
    HttpTransport transport =
        kind == RemoteTransport.SSE
            ? new SseTransport(http, mapper, maxLineBytes)
            : new StreamableHttpTransport(http, mapper, maxLineBytes);
    return start(new Session(server, transport, t, fallback), t);
  }

  private static Session start(Session s, Timeouts t) throws Broken {
    try {
      McpSchema.InitializeResult init =
          s.await(s.client.initialize().toFuture(), t.init(), "initialize");
      // a server without the tools capability simply has none (asking would be an error)
      if (init.capabilities() != null && init.capabilities().tools() != null) {
        s.tools =
            List.copyOf(s.await(s.client.listTools().toFuture(), t.list(), "tools/list").tools());
      }
      return s;
    } catch (Broken | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The remote transport this session speaks (never {@code AUTO}), or null for stdio. */
  public RemoteTransport transport() {
    return transport instanceof HttpTransport http ? http.kind() : null;
  }

  public List<McpSchema.Tool> tools() {
    return tools;
  }

  /**
   * Calls a tool; a {@link Broken} means the session is unusable (timeout, crash, closed).
   * Elicitations the server sends meanwhile go to {@code elicitor} (see {@link Elicitations}).
   *
   * @throws AuthorizationRequiredException when a remote server wants the user to (re)connect
   */
  public McpSchema.CallToolResult call(
      String tool, Map<String, Object> args, Duration timeout, Elicitor elicitor) throws Broken {
    Object token = elicitations.push(elicitor);
    try {
      return await(
          client.callTool(new McpSchema.CallToolRequest(tool, args)).toFuture(),
          timeout,
          "tools/call " + tool);
    } catch (RemoteError e) {
      // a JSON-RPC error answer (bad arguments, unknown tool): the session itself is fine
      return McpSchema.CallToolResult.builder()
          .addTextContent(e.getMessage())
          .isError(true)
          .build();
    } finally {
      elicitations.pop(token);
    }
  }

  /** The server answered with a JSON-RPC error. */
  private static final class RemoteError extends RuntimeException {
    RemoteError(String message) {
      super(message, null, false, false);
    }
  }

  private <T> T await(CompletableFuture<T> f, Duration timeout, String what) throws Broken {
    CompletableFuture<Object> race = CompletableFuture.anyOf(f, transport.death());
    try {
      race.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return f.join();
    } catch (TimeoutException e) {
      f.cancel(true);
      throw broken(
          "server '"
              + server.server()
              + "' did not answer "
              + what
              + " within "
              + timeout.toSeconds()
              + " s"
              + diag());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw broken("interrupted while waiting for server '" + server.server() + "'");
    } catch (ExecutionException | java.util.concurrent.CompletionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      // the user must act: passed on as is, the session is not at fault
      AuthorizationRequiredException auth = find(c, AuthorizationRequiredException.class);
      if (auth != null) {
        throw auth;
      }
      Unsupported unsupported = find(c, Unsupported.class);
      if (unsupported != null) {
        throw unsupported;
      }
      // our own words (unreachable, HTTP 500, an OAuth step's OAuthException...) beat the SDK's
      // wrapper; McpbotException's messages are safe to show
      io.mcpbot.core.McpbotException own = find(c, io.mcpbot.core.McpbotException.class);
      if (own != null) {
        throw broken(server.mask(own.getMessage()) + diag());
      }
      // a dead process (could not start, stdout closed, oversized line) is the root cause: its
      // reason beats the SDK's wrapper ("Client failed to initialize by explicit API call")
      if (transport.death().isCompletedExceptionally()
          && !(c instanceof io.modelcontextprotocol.spec.McpError)) {
        throw broken(deathReason() + diag());
      }
      if (c instanceof io.modelcontextprotocol.spec.McpError) {
        throw new RemoteError(
            "server '"
                + server.server()
                + "' rejected "
                + what
                + ": "
                + server.mask(String.valueOf(c.getMessage())));
      }
      throw broken(
          "server '"
              + server.server()
              + "' failed "
              + what
              + ": "
              + server.mask(String.valueOf(c.getMessage()))
              + diag());
    }
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private Broken broken(String message) {
    return new Broken(message, stderrTail());
  }

  private String deathReason() {
    try {
      transport.death().getNow(null);
      return "server '" + server.server() + "' stopped";
    } catch (java.util.concurrent.CompletionException e) {
      return server.mask(String.valueOf(e.getCause().getMessage()));
    }
  }

  private String diag() {
    String tail = stderrTail();
    if (tail.isEmpty()) {
      return "";
    }
    String[] lines = tail.split("\n");
    int from = Math.max(0, lines.length - 5);
    return "; last stderr: "
        + String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }

  /** {@code text} with this user's resolved secrets masked (tool results, messages). */
  public String mask(String text) {
    return server.mask(text);
  }

  public String stderrTail() {
    return transport instanceof StdioTransport stdio ? stdio.stderrTail() : "";
  }

  public long pid() {
    return transport instanceof StdioTransport stdio ? stdio.pid() : -1;
  }

  /** True once the process died or the session was closed. */
  public boolean isDead() {
    return closed.get() || transport.death().isDone();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        client.close();
      } catch (RuntimeException e) {
        // best effort: the transport below is closed regardless
      }
      transport.close();
    }
  }

  /** Timeouts for one server, defaults already overridden by the server's own. */
  public record Timeouts(Duration init, Duration list, Duration call) {}
}
