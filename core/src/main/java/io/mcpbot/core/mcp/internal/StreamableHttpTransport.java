package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.config.RemoteTransport;
import io.mcpbot.core.mcp.McpException;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Our streamable HTTP client transport (MCP 2025-11-25). We replace the SDK's (2.1.0) because it
 * posts to its own {@code /mcp} unless told otherwise, reconnects a closed stream at once instead
 * of after the server's {@code retry}, drops the id of a data-less priming event (so it cannot send
 * {@code Last-Event-ID}) and authorizes on reactor threads; here every request goes to the exact
 * configured URL through {@link HttpChannel} (fresh authorization, one retry after a challenge) on
 * its own virtual thread, and a stream that ends before its answer is resumed with a GET carrying
 * {@code Last-Event-ID} after the server's {@code retry} delay. Thread-safe.
 */
final class StreamableHttpTransport extends HttpTransport {
  /** The server does not speak streamable HTTP at this URL (400/404/405 to initialize). */
  static final class Unsupported extends McpException {
    Unsupported(String message) {
      super(message);
    }
  }

  private static final String JSON = "application/json";
  private static final String EVENT_STREAM = "text/event-stream";
  private static final long DEFAULT_RETRY_MILLIS = 1000;
  private static final int MAX_RESUMES = 5;

  /** Counted down on close: ends retry waits at once. */
  private final CountDownLatch closed = new CountDownLatch(1);

  private final AtomicBoolean listening = new AtomicBoolean();
  private volatile String sessionId;
  private volatile String version;
  private volatile long retryMillis = DEFAULT_RETRY_MILLIS;

  /** {@link #death()} completes when the server forgot our session (404 with a session id). */
  StreamableHttpTransport(HttpChannel http, McpJsonMapper mapper, int maxLineBytes) {
    super(RemoteTransport.STREAMABLE_HTTP, http, mapper, maxLineBytes);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.deferContextual(
        ctx -> {
          String negotiated = ctx.getOrDefault(McpAsyncClient.NEGOTIATED_PROTOCOL_VERSION, null);
          if (negotiated != null) {
            version = negotiated;
          }
          CompletableFuture<Void> delivered = new CompletableFuture<>();
          Thread.ofVirtual().name("mcp-http-" + serverName()).start(() -> post(message, delivered));
          return Mono.fromFuture(delivered);
        });
  }

  private void post(McpSchema.JSONRPCMessage message, CompletableFuture<Void> delivered) {
    String method = method(message);
    try {
      if (isClosed()) {
        throw new McpException("session of server '" + serverName() + "' is closed");
      }
      String body = mapper.writeValueAsString(message);
      HttpResponse<InputStream> r =
          http.send(
              () ->
                  base()
                      .header(HttpHeaders.CONTENT_TYPE, JSON)
                      .header(HttpHeaders.ACCEPT, JSON + ", " + EVENT_STREAM)
                      .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
      int status = r.statusCode();
      if (status >= 300) {
        String what = http.describe(r, "POST " + method);
        if (status == 404 && sessionId != null) {
          death().completeExceptionally(new McpException(what + " (the session expired)"));
        }
        throw "initialize".equals(method) && (status == 400 || status == 404 || status == 405)
            ? new Unsupported(what)
            : new McpException(what);
      }
      r.headers().firstValue(HttpHeaders.MCP_SESSION_ID).ifPresent(id -> sessionId = id);
      String type = r.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse("").toLowerCase();
      if (type.contains(EVENT_STREAM)) {
        delivered.complete(null);
        Object id = message instanceof McpSchema.JSONRPCRequest q ? q.id() : null;
        readWithResume(r.body(), id);
      } else if (type.contains(JSON) && !(message instanceof McpSchema.JSONRPCNotification)) {
        byte[] bytes;
        try (InputStream in = r.body()) {
          bytes = in.readNBytes(maxLineBytes + 1);
        }
        if (bytes.length > maxLineBytes) {
          throw new McpException(
              "server '" + serverName() + "' answered more than " + maxLineBytes + " B");
        }
        delivered.complete(null);
        if (bytes.length > 0) {
          dispatch(new String(bytes, StandardCharsets.UTF_8));
        }
      } else {
        r.body().close();
        delivered.complete(null);
      }
      if ("notifications/initialized".equals(method)) {
        listen();
      }
    } catch (McpException e) { // AuthorizationRequiredException included: passed on as is
      delivered.completeExceptionally(e);
    } catch (IOException e) {
      delivered.completeExceptionally(
          new McpException(
              http.server()
                  .mask(
                      "could not reach server '"
                          + serverName()
                          + "' at "
                          + http.uri()
                          + ": "
                          + e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      delivered.completeExceptionally(e);
    } catch (RuntimeException e) {
      delivered.completeExceptionally(e);
    }
  }

  /**
   * Reads a POST's event stream; when it ends before the answer to {@code awaited}, resumes it with
   * GET + {@code Last-Event-ID} after the server's retry delay (spec "Resumability").
   */
  private void readWithResume(InputStream first, Object awaited) {
    StreamEnd end = pump(first, awaited);
    String lastId = end.lastId();
    for (int i = 0; awaited != null && !end.answered() && i < MAX_RESUMES; i++) {
      if (lastId == null || waitRetry()) {
        break;
      }
      String from = lastId;
      try {
        HttpResponse<InputStream> r =
            http.send(() -> get().header(HttpHeaders.LAST_EVENT_ID, from));
        if (!isEventStream(r)) {
          r.body().close();
          break;
        }
        end = pump(r.body(), awaited);
        lastId = end.lastId() != null ? end.lastId() : lastId;
      } catch (IOException | RuntimeException e) {
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (awaited != null && !end.answered() && !isClosed()) {
      // fail the call now rather than at its timeout
      dispatch(
          new McpSchema.JSONRPCResponse(
              McpSchema.JSONRPC_VERSION,
              awaited,
              null,
              new McpSchema.JSONRPCResponse.JSONRPCError(
                  McpSchema.ErrorCodes.INTERNAL_ERROR,
                  "server '"
                      + serverName()
                      + "' closed the response stream before answering and it could not be"
                      + " resumed",
                  null)));
    }
  }

  /** The standalone GET stream for server-initiated messages; 405 means the server offers none. */
  private void listen() {
    if (!listening.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual()
        .name("mcp-http-listen-" + serverName())
        .start(
            () -> {
              String lastId = null;
              int quiet = 0;
              while (!isClosed() && quiet < 3) {
                String from = lastId;
                try {
                  HttpResponse<InputStream> r =
                      http.send(
                          () -> {
                            HttpRequest.Builder b = get();
                            return from == null ? b : b.header(HttpHeaders.LAST_EVENT_ID, from);
                          });
                  if (!isEventStream(r)) {
                    r.body().close();
                    return;
                  }
                  StreamEnd end = pump(r.body(), null);
                  lastId = end.lastId() != null ? end.lastId() : lastId;
                  quiet = end.events() == 0 ? quiet + 1 : 0;
                } catch (IOException | RuntimeException e) {
                  return; // a refused or broken listen stream: requests still work without it
                } catch (InterruptedException e) {
                  return;
                }
                if (waitRetry()) {
                  return;
                }
              }
            });
  }

  private record StreamEnd(boolean answered, String lastId, int events) {}

  private StreamEnd pump(InputStream in, Object awaited) {
    SseReader sse = new SseReader(in, maxLineBytes);
    boolean answered = false;
    int events = 0;
    try (in) {
      for (SseReader.Event e; (e = sse.next()) != null; ) {
        events++;
        if (sse.retryMillis() >= 0) {
          retryMillis = sse.retryMillis();
        }
        if (e.isMessage() && !e.data().isBlank()) {
          McpSchema.JSONRPCMessage m = dispatch(e.data());
          if (awaited != null
              && m instanceof McpSchema.JSONRPCResponse resp
              && Objects.equals(String.valueOf(resp.id()), String.valueOf(awaited))) {
            answered = true;
          }
        }
      }
    } catch (IOException e) {
      // the stream broke: the caller resumes it if an answer is still due
    }
    if (sse.retryMillis() >= 0) {
      retryMillis = sse.retryMillis();
    }
    return new StreamEnd(answered, sse.lastId(), events);
  }

  /** Waits the server's retry delay; true when the transport closed meanwhile. */
  private boolean waitRetry() {
    try {
      return closed.await(retryMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private HttpRequest.Builder base() {
    HttpRequest.Builder b = HttpRequest.newBuilder(http.uri());
    String id = sessionId;
    if (id != null) {
      b.header(HttpHeaders.MCP_SESSION_ID, id);
    }
    String v = version;
    if (v != null) {
      b.header(HttpHeaders.PROTOCOL_VERSION, v);
    }
    return b;
  }

  private HttpRequest.Builder get() {
    return base()
        .header(HttpHeaders.ACCEPT, EVENT_STREAM)
        .header("Cache-Control", "no-cache")
        .GET();
  }

  private static boolean isEventStream(HttpResponse<?> r) {
    return r.statusCode() == 200
        && r.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse("").contains(EVENT_STREAM);
  }

  private static String method(McpSchema.JSONRPCMessage m) {
    return switch (m) {
      case McpSchema.JSONRPCRequest q -> q.method();
      case McpSchema.JSONRPCNotification n -> n.method();
      default -> "response";
    };
  }

  /** Ends the session: a best-effort DELETE of the server's session, then the HTTP client. */
  @Override
  void shutdown() {
    closed.countDown();
    String id = sessionId;
    if (id == null) {
      http.close();
      return;
    }
    Supplier<HttpRequest.Builder> delete =
        () -> base().timeout(java.time.Duration.ofSeconds(2)).DELETE();
    Thread.ofVirtual()
        .name("mcp-http-close-" + serverName())
        .start(
            () -> {
              try {
                http.send(delete).body().close();
              } catch (IOException | RuntimeException e) {
                // best effort: the server expires the session on its own
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                http.close();
              }
            });
  }
}
