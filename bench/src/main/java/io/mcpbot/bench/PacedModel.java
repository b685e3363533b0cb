package io.mcpbot.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mcpbot.core.llm.Sse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A model over real HTTP speaking OpenAI's streamed Chat Completions: every answer is {@code
 * tokens} pieces "tokN " spread evenly over {@code duration}. Records when each answer's first
 * piece was written. Thread-safe.
 */
final class PacedModel implements AutoCloseable {
  private final HttpServer server;
  private final int tokens;
  private final Duration duration;
  final List<Instant> firstTokens = new CopyOnWriteArrayList<>();

  PacedModel(int tokens, Duration duration) throws IOException {
    this.tokens = tokens;
    this.duration = duration;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL for an OpenAI-compatible provider. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** The whole answer's text. */
  String answer() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < tokens; i++) {
      s.append("tok").append(i).append(' ');
    }
    return s.toString();
  }

  private void handle(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    ex.getResponseHeaders().set("content-type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    long step = duration.toNanos() / tokens;
    long start = System.nanoTime();
    try (OutputStream out = ex.getResponseBody()) {
      for (int i = 0; i < tokens; i++) {
        // pace against the start so the stream takes the whole duration whatever the writes cost
        long due = start + i * step;
        while (System.nanoTime() < due) {
          LockSupport.parkNanos(due - System.nanoTime());
        }
        out.write(Sse.openAiPiece("tok" + i + " ").getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (i == 0) {
          firstTokens.add(Instant.now());
        }
      }
      out.write(Sse.openAiEnd("stop", 100, 0, tokens).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
