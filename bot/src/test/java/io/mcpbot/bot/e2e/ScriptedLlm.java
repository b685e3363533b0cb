package io.mcpbot.bot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model over real HTTP speaking OpenAI Chat Completions whose answers follow from the request (so
 * concurrent users get consistent answers): "echo X" calls the echo tool, "env SERVER" calls that
 * server's env_dump tool, "slow" waits until {@link #releaseSlow()}, anything else is answered with
 * the count of user messages it was sent (so tests can see the history), "fail" gets HTTP 500.
 * After a tool result it answers with that result; after an env_dump only with FIXTURE_TOKEN.
 */
final class ScriptedLlm implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final CountDownLatch slowRelease = new CountDownLatch(1);
  private final Semaphore slowArrived = new Semaphore(0);

  ScriptedLlm() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL to give the OpenAI-compatible provider. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** Every request body received, in arrival order. */
  List<JsonNode> requests() {
    return new ArrayList<>(requests);
  }

  boolean awaitSlowStarted(long seconds) throws InterruptedException {
    return slowStarted.await(seconds, TimeUnit.SECONDS);
  }

  /** Waits until {@code n} "slow" requests are being held. */
  boolean awaitSlowHeld(int n, long seconds) throws InterruptedException {
    return slowArrived.tryAcquire(n, seconds, TimeUnit.SECONDS);
  }

  void releaseSlow() {
    slowRelease.countDown();
  }

  private void handle(HttpExchange exchange) throws IOException {
    JsonNode body;
    try (InputStream in = exchange.getRequestBody()) {
      body = JSON.readTree(in);
    }
    requests.add(body);
    ObjectNode reply;
    try {
      reply = answer(body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
      return;
    }
    int status = reply.path("status_code").asInt(200);
    reply.remove("status_code");
    byte[] bytes = JSON.writeValueAsBytes(reply);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private ObjectNode answer(JsonNode body) throws InterruptedException {
    JsonNode messages = body.path("messages");
    JsonNode last = messages.get(messages.size() - 1);
    String role = last.path("role").asText();
    if (role.equals("tool")) {
      return text(afterTool(messages, last.path("content").asText()));
    }
    String text = last.path("content").asText("").strip();
    if (text.startsWith("echo ")) {
      return toolCall(
          tool(body, "", "echo"), JSON.createObjectNode().put("text", text.substring(5)));
    }
    if (text.startsWith("delete ")) {
      return toolCall(
          tool(body, "", "delete_note"), JSON.createObjectNode().put("name", text.substring(7)));
    }
    if (text.startsWith("env ")) {
      return toolCall(tool(body, text.substring(4).strip(), "env_dump"), JSON.createObjectNode());
    }
    if (text.startsWith("call ")) {
      String[] words = text.split(" ");
      return toolCall(tool(body, words[1], words[2]), JSON.createObjectNode());
    }
    if (text.equals("fail")) {
      ObjectNode error = JSON.createObjectNode().put("status_code", 500);
      error.putObject("error").put("message", "the scripted model broke").put("type", "server");
      return error;
    }
    if (text.equals("slow")) {
      slowStarted.countDown();
      slowArrived.release();
      slowRelease.await();
      return text("finally done");
    }
    long users = 0;
    for (JsonNode m : messages) {
      if (m.path("role").asText().equals("user")) {
        users++;
      }
    }
    return text("You said: " + text + " (user messages seen: " + users + ")");
  }

  private static String afterTool(JsonNode messages, String content) {
    String called = "";
    for (JsonNode m : messages) {
      for (JsonNode c : m.path("tool_calls")) {
        called = c.path("function").path("name").asText();
      }
    }
    if (called.endsWith("env_dump")) {
      try {
        JsonNode token = JSON.readTree(content).path("env").path("FIXTURE_TOKEN");
        return "FIXTURE_TOKEN is " + (token.isMissingNode() ? "unset" : token.asText());
      } catch (IOException e) {
        return "env_dump failed: " + content;
      }
    }
    return "Tool said: " + content;
  }

  /** The offered tool whose name contains {@code server} and ends with {@code tool}. */
  private static String tool(JsonNode body, String server, String tool) {
    for (JsonNode t : body.path("tools")) {
      String name = t.path("function").path("name").asText();
      if (name.contains(server) && name.endsWith(tool)) {
        return name;
      }
    }
    return "no_such_tool_" + tool;
  }

  private ObjectNode text(String content) {
    ObjectNode reply = envelope();
    ObjectNode choice = reply.putArray("choices").addObject().put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    return reply;
  }

  private ObjectNode toolCall(String name, ObjectNode arguments) {
    ObjectNode reply = envelope();
    ObjectNode choice = reply.putArray("choices").addObject().put("finish_reason", "tool_calls");
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    message.putNull("content");
    ArrayNode calls = message.putArray("tool_calls");
    ObjectNode call = calls.addObject().put("id", "call_" + ids.incrementAndGet());
    call.put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments.toString());
    return reply;
  }

  private ObjectNode envelope() {
    ObjectNode reply = JSON.createObjectNode().put("id", "chatcmpl-" + ids.incrementAndGet());
    reply.put("object", "chat.completion").put("model", "scripted");
    reply.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5);
    return reply;
  }

  @Override
  public void close() {
    slowRelease.countDown();
    server.stop(0);
  }
}
