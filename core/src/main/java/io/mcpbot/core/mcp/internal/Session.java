package io.mcpbot.core.mcp.internal;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
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

  private final ResolvedServer server;
  private final McpClientTransport transport;
  private final StdioTransport stdio; // null for HTTP
  private final McpAsyncClient client;
  private final CompletableFuture<Void> death;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile List<McpSchema.Tool> tools = List.of();
  private volatile OwnedHttpClient http; // null for stdio

  private Session(
      ResolvedServer server,
      McpClientTransport transport,
      StdioTransport stdio,
      CompletableFuture<Void> death,
      Duration requestTimeout,
      Duration initTimeout) {
    this.server = server;
    this.transport = transport;
    this.stdio = stdio;
    this.death = death;
    this.client =
        McpClient.async(transport)
            .requestTimeout(requestTimeout)
            .initializationTimeout(initTimeout.plusMinutes(1))
            .clientInfo(new McpSchema.Implementation("mcpbot", "0.1.0"))
            .toolsChangeConsumer(t -> Mono.fromRunnable(() -> tools = List.copyOf(t)))
            .build();
  }

  /**
   * Spawns/connects, initializes and lists tools; on any failure everything is cleaned up. A stdio
   * server is started through {@code launcher} (the sandbox's wrapper; null: as is), see {@link
   * StdioTransport}.
   */
  public static Session open(
      ResolvedServer server,
      McpJsonMapper mapper,
      Timeouts t,
      int maxLineBytes,
      Duration killGrace,
      UnaryOperator<List<String>> launcher)
      throws Broken {
    Session s;
    if (server.isRemote()) {
      HttpRequest.Builder rb = HttpRequest.newBuilder();
      server.headers().forEach(rb::header);
      OwnedHttpClient http = new OwnedHttpClient();
      var transport =
          HttpClientStreamableHttpTransport.builder(server.url())
              .jsonMapper(mapper)
              .clientBuilder(http)
              .requestBuilder(rb)
              .connectTimeout(t.init())
              .build();
      s = new Session(server, transport, null, new CompletableFuture<>(), sdk(t), t.init());
      s.http = http;
    } else {
      var stdio = new StdioTransport(server, mapper, maxLineBytes, killGrace, launcher);
      s = new Session(server, stdio, stdio, stdio.death(), sdk(t), t.init());
    }
    try {
      s.await(s.client.initialize().toFuture(), t.init(), "initialize");
      s.tools =
          List.copyOf(s.await(s.client.listTools().toFuture(), t.list(), "tools/list").tools());
      return s;
    } catch (Broken | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  // The SDK's own request timeout stays above ours so that ours, with its clear message, fires.
  private static Duration sdk(Timeouts t) {
    return t.call().plus(t.list()).plusMinutes(1);
  }

  public List<McpSchema.Tool> tools() {
    return tools;
  }

  /** Calls a tool; a {@link Broken} means the session is unusable (timeout, crash, closed). */
  public McpSchema.CallToolResult call(String tool, Map<String, Object> args, Duration timeout)
      throws Broken {
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
    }
  }

  /** The server answered with a JSON-RPC error. */
  private static final class RemoteError extends RuntimeException {
    RemoteError(String message) {
      super(message, null, false, false);
    }
  }

  private <T> T await(CompletableFuture<T> f, Duration timeout, String what) throws Broken {
    CompletableFuture<Object> race = CompletableFuture.anyOf(f, death);
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
      // a dead process (could not start, stdout closed, oversized line) is the root cause: its
      // reason beats the SDK's wrapper ("Client failed to initialize by explicit API call")
      if (death.isCompletedExceptionally()
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

  private Broken broken(String message) {
    return new Broken(message, stderrTail());
  }

  private String deathReason() {
    try {
      death.getNow(null);
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
    return stdio == null ? "" : stdio.stderrTail();
  }

  public long pid() {
    return stdio == null ? -1 : stdio.pid();
  }

  /** True once the process died or the session was closed. */
  public boolean isDead() {
    return closed.get() || death.isDone();
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
      OwnedHttpClient h = http;
      if (h != null) {
        h.shutdown();
      }
    }
  }

  /** Timeouts for one server, defaults already overridden by the server's own. */
  public record Timeouts(Duration init, Duration list, Duration call) {}
}
