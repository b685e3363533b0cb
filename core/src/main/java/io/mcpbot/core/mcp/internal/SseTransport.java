package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.config.RemoteTransport;
import io.mcpbot.core.mcp.McpException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * The legacy HTTP+SSE transport (MCP 2024-11-05): a GET to the configured URL opens the event
 * stream, whose first {@code endpoint} event names where to POST messages (same origin only);
 * answers arrive as {@code message} events. Ours rather than the SDK's so the exact URL, the
 * per-request authorization and the challenge handling of {@link HttpChannel} apply here too. The
 * stream ending ends the session ({@link #death()}). Thread-safe.
 */
final class SseTransport extends HttpTransport {
  private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
  private volatile InputStream stream;

  /** {@link #death()} completes when the event stream ends. */
  SseTransport(HttpChannel http, McpJsonMapper mapper, int maxLineBytes) {
    super(RemoteTransport.SSE, http, mapper, maxLineBytes);
  }

  /** Opens the event stream; done once the server named its message endpoint. */
  @Override
  Mono<Void> opened() {
    Thread.ofVirtual().name("mcp-sse-" + serverName()).start(this::listen);
    return Mono.fromFuture(endpoint).then();
  }

  private void listen() {
    String name = serverName();
    try {
      HttpResponse<InputStream> r =
          http.send(
              () ->
                  HttpRequest.newBuilder(http.uri())
                      .header(HttpHeaders.ACCEPT, "text/event-stream")
                      .header("Cache-Control", "no-cache")
                      .GET());
      if (r.statusCode() != 200
          || !r.headers()
              .firstValue(HttpHeaders.CONTENT_TYPE)
              .orElse("")
              .contains("event-stream")) {
        throw new McpException(
            http.describe(r, "GET (HTTP+SSE)")
                + "; it offers neither streamable HTTP nor HTTP+SSE at this URL");
      }
      stream = r.body();
      SseReader sse = new SseReader(r.body(), maxLineBytes);
      for (SseReader.Event e; (e = sse.next()) != null; ) {
        if ("endpoint".equals(e.event())) {
          endpoint.complete(sameOrigin(e.data().strip()));
        } else if (e.isMessage() && !e.data().isBlank()) {
          dispatch(e.data());
        }
      }
      fail(new McpException("server '" + name + "' closed its event stream"));
    } catch (IOException e) {
      fail(
          new McpException(
              http.server().mask("lost the event stream of server '" + name + "': " + e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new McpException("interrupted"));
    } catch (RuntimeException e) { // McpException, AuthorizationRequiredException: as is
      fail(e);
    }
  }

  /** The endpoint the server named, resolved against the URL; another origin is refused. */
  private URI sameOrigin(String data) {
    URI base = http.uri();
    URI u = base.resolve(data);
    if (!Objects.equals(u.getScheme(), base.getScheme())
        || !Objects.equals(u.getHost(), base.getHost())
        || u.getPort() != base.getPort()) {
      throw new McpException(
          http.server()
              .mask(
                  "server '"
                      + http.server().server()
                      + "' named a message endpoint on another origin ("
                      + u.getScheme()
                      + "://"
                      + u.getAuthority()
                      + "); refused"));
    }
    return u;
  }

  private void fail(RuntimeException e) {
    endpoint.completeExceptionally(e);
    death().completeExceptionally(e);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    CompletableFuture<Void> delivered = new CompletableFuture<>();
    Thread.ofVirtual().name("mcp-sse-post-" + serverName()).start(() -> post(message, delivered));
    return Mono.fromFuture(delivered);
  }

  private void post(McpSchema.JSONRPCMessage message, CompletableFuture<Void> delivered) {
    try {
      URI to = endpoint.join();
      String body = mapper.writeValueAsString(message);
      HttpResponse<InputStream> r =
          http.send(
              () ->
                  HttpRequest.newBuilder(to)
                      .header(HttpHeaders.CONTENT_TYPE, "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
      if (r.statusCode() >= 300) {
        throw new McpException(http.describe(r, "POST (HTTP+SSE)"));
      }
      r.body().close();
      delivered.complete(null);
    } catch (IOException e) {
      delivered.completeExceptionally(
          new McpException(
              http.server().mask("could not reach server '" + serverName() + "': " + e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      delivered.completeExceptionally(e);
    } catch (RuntimeException e) {
      Throwable c =
          e instanceof java.util.concurrent.CompletionException && e.getCause() != null
              ? e.getCause()
              : e;
      delivered.completeExceptionally(c);
    }
  }

  @Override
  void shutdown() {
    InputStream s = stream;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    http.close();
  }
}
