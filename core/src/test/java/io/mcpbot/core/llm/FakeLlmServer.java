package io.mcpbot.core.llm;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers with scripted replies, in
 * order. Stands in for a provider's API; the tests check the recorded requests' exact shape.
 */
public final class FakeLlmServer implements AutoCloseable {

  /** One request as the server saw it. */
  public record Recorded(String method, String path, Headers headers, String body) {
    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  private record Reply(int status, String body, Map<String, String> headers, boolean hang) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch hanging = new CountDownLatch(1);

  public FakeLlmServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** http://127.0.0.1:port (no trailing slash). */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public FakeLlmServer reply(int status, String body) {
    return reply(status, body, Map.of());
  }

  public FakeLlmServer reply(int status, String body, Map<String, String> headers) {
    replies.add(new Reply(status, body, headers, false));
    return this;
  }

  /** The next request gets no answer until the server closes. */
  public FakeLlmServer hang() {
    replies.add(new Reply(0, "", Map.of(), true));
    return this;
  }

  public List<Recorded> requests() {
    return new ArrayList<>(requests);
  }

  public Recorded only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + requests.size());
    }
    return requests.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    requests.add(
        new Recorded(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders(),
            body));
    Reply reply = replies.poll();
    if (reply == null) {
      reply =
          new Reply(599, "{\"error\":\"FakeLlmServer: no scripted reply left\"}", Map.of(), false);
    }
    if (reply.hang()) {
      hanging.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
