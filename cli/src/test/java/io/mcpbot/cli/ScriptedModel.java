package io.mcpbot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible model over real HTTP, scripted by the user's message so several bot
 * processes can share it: {@code call <tool> <json>} asks for that tool call, a tool result is
 * answered with {@code tool said: <result>}, any other text with {@code echo: <text>}. A text given
 * to {@link #holdOnce} is held (no answer) the first time it arrives, until {@link #close()}.
 * Thread-safe.
 */
final class ScriptedModel implements AutoCloseable {
  /** What one request asked: the turn's user text and the tool results after it, if any. */
  record Request(String userText, List<String> toolResults) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CALL = Pattern.compile("call (\\S+) (\\{.*\\})", Pattern.DOTALL);

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);

  ScriptedModel() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL to give the bot as OPENAI_BASE_URL. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Holds the first request for {@code text}; the latch opens when that request has arrived. */
  CountDownLatch holdOnce(String text) {
    CountDownLatch arrived = new CountDownLatch(1);
    holds.put(text, arrived);
    return arrived;
  }

  /** Requests for turns whose user text is {@code text}, in arrival order. */
  List<Request> requestsFor(String text) {
    return requests.stream().filter(r -> r.userText().equals(text)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body;
      try (InputStream in = exchange.getRequestBody()) {
        body = JSON.readTree(in);
      }
      Request request = parse(body.path("messages"));
      requests.add(request);
      ObjectNode message = JSON.createObjectNode().put("role", "assistant");
      String finish = "stop";
      Matcher call = CALL.matcher(request.userText());
      if (!request.toolResults().isEmpty()) {
        message.put("content", "tool said: " + request.toolResults().getLast());
      } else if (holds.containsKey(request.userText())) {
        holds.remove(request.userText()).countDown();
        awaitRelease();
        message.put("content", "released: " + request.userText());
      } else if (call.matches()) {
        finish = "tool_calls";
        message.putNull("content");
        ObjectNode tc = message.putArray("tool_calls").addObject();
        tc.put("id", "call_" + requests.size()).put("type", "function");
        tc.putObject("function").put("name", call.group(1)).put("arguments", call.group(2));
      } else {
        message.put("content", "echo: " + request.userText());
      }
      ObjectNode answer = JSON.createObjectNode().put("id", "x").put("object", "chat.completion");
      answer.put("model", "scripted");
      answer.putArray("choices").addObject().put("index", 0).put("finish_reason", finish);
      ((ObjectNode) answer.path("choices").get(0)).set("message", message);
      answer.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1);
      byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("content-type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private static Request parse(JsonNode messages) {
    int lastUser = -1;
    for (int i = 0; i < messages.size(); i++) {
      if ("user".equals(messages.get(i).path("role").asText())) {
        lastUser = i;
      }
    }
    String text = lastUser < 0 ? "" : messages.get(lastUser).path("content").asText();
    List<String> results = new ArrayList<>();
    for (int i = lastUser + 1; i < messages.size(); i++) {
      if ("tool".equals(messages.get(i).path("role").asText())) {
        results.add(messages.get(i).path("content").asText());
      }
    }
    return new Request(text, List.copyOf(results));
  }

  private void awaitRelease() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Releases held requests and stops the server. */
  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
