package io.mcpbot.bot.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An in-process Slack: the Web API over HTTP under {@code /api/} and Socket Mode over WebSocket.
 * Records every call and every ack; tests and benchmarks drive it and wait on it. Thread-safe.
 */
public final class SlackEmulator implements AutoCloseable {
  public static final String BOT_TOKEN = "xoxb-emulator-bot-token";
  public static final String APP_TOKEN = "xapp-emulator-app-token";
  public static final String TEAM_ID = "T0EMULATE";
  public static final String APP_ID = "A0EMULATE";
  public static final String BOT_USER_ID = "U0BOTUSER";
  public static final String BOT_ID = "B0BOTID01";

  /** How long a trigger_id may be used for views.open, as in Slack. */
  public static final Duration TRIGGER_WINDOW = Duration.ofSeconds(3);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final SocketModeServer socket = new SocketModeServer();
  private final CallLog calls = new CallLog();
  private final Map<String, SlackUser> users = new ConcurrentHashMap<>();
  private final Map<String, Integer> rateLimits = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final Map<String, Long> triggers = new ConcurrentHashMap<>();
  private final Map<String, String> messages = new ConcurrentHashMap<>();
  private final Map<String, List<String>> threads = new ConcurrentHashMap<>();
  private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);
  private final AtomicLong ids = new AtomicLong();
  final Payloads payloads = new Payloads(this);
  private final Streams streams = new Streams(messages, threads, this::nextTs);

  private SlackEmulator() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/api/", this::handle);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
  }

  /** Starts both servers on free local ports. */
  public static SlackEmulator start() throws Exception {
    SlackEmulator e = new SlackEmulator();
    e.http.start();
    e.socket.startAndWait();
    return e;
  }

  /** The Web API prefix to give the bot as SLACK_API_URL. */
  public String apiUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/";
  }

  public void addUser(SlackUser user) {
    users.put(user.id(), user);
  }

  /** The next call of {@code method} gets HTTP 429 with Retry-After: {@code seconds}. */
  public void rateLimitOnce(String method, int seconds) {
    rateLimits.put(method, seconds);
  }

  /** The next call of {@code method} answers ok=false with {@code error} (e.g. missing_scope). */
  public void failOnce(String method, String error) {
    failures.put(method, error);
  }

  /** Answers chat.startStream / appendStream / stopStream from now on (off: unknown_method). */
  public void supportStreaming() {
    streams.supported = true;
  }

  // ---- Socket Mode ----

  public boolean awaitConnections(int n, Duration timeout) throws InterruptedException {
    return socket.awaitConnections(n, timeout);
  }

  /** Sends Socket Mode's disconnect (refresh_requested) to every open connection. */
  public void requestReconnect() {
    socket.requestReconnect();
  }

  /** Connections open now. */
  public int openConnections() {
    return socket.openConnections();
  }

  /** Live connections (open, not told to disconnect): the indexes a targeted send may use. */
  public int liveConnections() {
    return socket.liveConnections();
  }

  /**
   * Sends an events_api envelope for {@code event} to the next live connection in turn, as Slack
   * spreads events over a bot's connections; returns its envelope_id.
   */
  public String sendEvent(ObjectNode event, String eventId, int retryAttempt) {
    return sendEvent(event, eventId, retryAttempt, SocketModeServer.ANY);
  }

  /** As {@link #sendEvent(ObjectNode, String, int)}, to the live connection at that index. */
  public String sendEvent(ObjectNode event, String eventId, int retryAttempt, int connection) {
    return socket.send(
        "events_api", payloads.eventCallback(event, eventId), retryAttempt, false, connection);
  }

  /** Sends a block_actions envelope for a button click; returns its envelope_id. */
  public String clickButton(String userId, String actionId, String value, String triggerId) {
    return clickButton(userId, actionId, value, triggerId, SocketModeServer.ANY);
  }

  /** A button click sent to the live connection at index {@code connection} (oldest first). */
  public String clickButton(
      String userId, String actionId, String value, String triggerId, int connection) {
    return socket.send(
        "interactive",
        payloads.blockAction(userId, actionId, value, null, triggerId),
        0,
        false,
        connection);
  }

  /** Sends a block_actions envelope for an overflow menu choice. */
  public String chooseOverflow(
      String userId, String actionId, String optionValue, String triggerId) {
    return socket.send(
        "interactive",
        payloads.blockAction(userId, actionId, null, optionValue, triggerId),
        0,
        false,
        SocketModeServer.ANY);
  }

  /** Sends a view_submission of {@code view} (as opened) with input values by block id. */
  public String submitView(String userId, JsonNode view, Map<String, String> valuesByBlockId) {
    return submitView(userId, view, valuesByBlockId, SocketModeServer.ANY);
  }

  /** A view_submission sent to the live connection at index {@code connection}. */
  public String submitView(
      String userId, JsonNode view, Map<String, String> valuesByBlockId, int connection) {
    return socket.send(
        "interactive",
        payloads.viewSubmission(userId, view, valuesByBlockId, newTrigger()),
        0,
        true,
        connection);
  }

  public Ack awaitAck(String envelopeId, Duration timeout) throws InterruptedException {
    return socket.awaitAck(envelopeId, timeout);
  }

  public Map<String, Ack> acks() {
    return socket.acks();
  }

  /** A fresh trigger_id, valid for views.open during {@link #TRIGGER_WINDOW}. */
  public String newTrigger() {
    String id = ids.incrementAndGet() + "." + System.nanoTime() + ".emu";
    triggers.put(id, System.nanoTime());
    return id;
  }

  /** A fresh, increasing message ts. */
  public String nextTs() {
    long micros = clock.incrementAndGet();
    return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
  }

  public String newEventId() {
    return "Ev" + String.format("%010d", ids.incrementAndGet());
  }

  // ---- recorded Web API calls ----

  public List<ApiCall> calls() {
    return calls.all();
  }

  public List<ApiCall> calls(String method) {
    return calls().stream().filter(c -> c.method().equals(method) && !c.rateLimited()).toList();
  }

  /** The current text of a message the bot posted (after its updates), or null (deleted). */
  public String messageText(String channel, String ts) {
    return messages.get(channel + "/" + ts);
  }

  /**
   * Calls {@code listener} with every Web API call once recorded, on the request's thread (for
   * benchmarks: cheaper than {@link #awaitCall} polling the whole log).
   */
  public void onCall(Consumer<ApiCall> listener) {
    calls.onCall(listener);
  }

  /** The ts of the messages the bot posted in a thread, in order (empty when none). */
  public List<String> repliesIn(String channel, String threadTs) {
    return List.copyOf(threads.getOrDefault(channel + "/" + threadTs, List.of()));
  }

  /** Waits for a successful call of {@code method} matching {@code test}. */
  public ApiCall awaitCall(String method, Predicate<ApiCall> test, Duration timeout)
      throws InterruptedException {
    return awaitCalls(method, test, 1, timeout).get(0);
  }

  /** Waits until {@code n} successful calls of {@code method} match {@code test}; returns them. */
  public List<ApiCall> awaitCalls(String method, Predicate<ApiCall> test, int n, Duration timeout)
      throws InterruptedException {
    return calls.await(method, test, n, timeout);
  }

  public Optional<ApiCall> lastCall(String method) {
    List<ApiCall> found = calls(method);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
  }

  // ---- HTTP ----

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestURI().getPath().substring("/api/".length());
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> params =
          WebForms.params(
              ex.getRequestURI().getRawQuery(),
              ex.getRequestHeaders().getFirst("Content-Type"),
              body);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String token =
          auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.get("token");
      Integer retryAfter = rateLimits.remove(method);
      ApiCall call =
          new ApiCall(method, Map.copyOf(params), token, retryAfter != null, Instant.now());
      ObjectNode reply;
      int status = 200;
      if (retryAfter != null) {
        status = 429;
        ex.getResponseHeaders().add("Retry-After", Integer.toString(retryAfter));
        reply = error("ratelimited");
      } else {
        String failure = failures.remove(method);
        reply = failure != null ? error(failure) : answer(method, params, token);
      }
      calls.record(call);
      byte[] out = reply.toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(status, out.length);
      ex.getResponseBody().write(out);
    }
  }

  private ObjectNode answer(String method, Map<String, String> p, String token) {
    boolean appMethod = method.startsWith("apps.connections.");
    if (!(appMethod ? APP_TOKEN : BOT_TOKEN).equals(token)) {
      return error(token == null ? "not_authed" : "invalid_auth");
    }
    ObjectNode r = JSON.createObjectNode().put("ok", true);
    switch (method) {
      case "auth.test" ->
          r.put("url", "https://emulator.slack.com/")
              .put("team", "Emulator")
              .put("user", "mcpbot")
              .put("team_id", TEAM_ID)
              .put("user_id", BOT_USER_ID)
              .put("bot_id", BOT_ID)
              .put("is_enterprise_install", false);
      case "apps.connections.open" ->
          r.put("url", "ws://127.0.0.1:" + socket.getPort() + "/link/?ticket=" + UUID.randomUUID());
      case "chat.postMessage" -> {
        String channel = p.get("channel");
        if (channel == null || p.get("text") == null && p.get("blocks") == null) {
          return error(channel == null ? "channel_not_found" : "no_text");
        }
        String target = channel.startsWith("U") ? "D" + channel.substring(1) : channel;
        String ts = nextTs();
        messages.put(target + "/" + ts, p.getOrDefault("text", ""));
        if (p.get("thread_ts") != null) {
          threads
              .computeIfAbsent(target + "/" + p.get("thread_ts"), k -> new CopyOnWriteArrayList<>())
              .add(ts);
        }
        r.put("channel", target).put("ts", ts);
        r.putObject("message")
            .put("type", "message")
            .put("text", p.get("text"))
            .put("ts", ts)
            .put("user", BOT_USER_ID)
            .put("bot_id", BOT_ID);
      }
      case "chat.update" -> {
        String key = p.get("channel") + "/" + p.get("ts");
        if (!messages.containsKey(key)) {
          return error("message_not_found");
        }
        messages.put(key, p.getOrDefault("text", ""));
        r.put("channel", p.get("channel")).put("ts", p.get("ts")).put("text", p.get("text"));
      }
      case "chat.startStream", "chat.appendStream", "chat.stopStream" -> {
        return streams.answer(method, p, r);
      }
      case "chat.delete" -> {
        String key = p.get("channel") + "/" + p.get("ts");
        if (messages.remove(key) == null) {
          return error("message_not_found");
        }
        threads.values().forEach(replies -> replies.remove(p.get("ts")));
        r.put("channel", p.get("channel")).put("ts", p.get("ts"));
      }
      case "chat.postEphemeral" -> r.put("message_ts", nextTs());
      case "assistant.threads.setStatus",
          "assistant.threads.setSuggestedPrompts",
          "assistant.threads.setTitle" -> {
        // Slack's AI app methods: only in a DM thread, with the method's own field
        String field =
            switch (method) {
              case "assistant.threads.setStatus" -> "status";
              case "assistant.threads.setTitle" -> "title";
              default -> "prompts";
            };
        if (p.get("channel_id") == null || p.get("thread_ts") == null || p.get(field) == null) {
          return error("invalid_arguments");
        }
        if (!p.get("channel_id").startsWith("D")) {
          return error("channel_not_found");
        }
      }
      case "views.publish", "views.update" ->
          r.putObject("view").put("id", "V" + ids.incrementAndGet()).put("type", "home");
      case "views.open" -> {
        String trigger = p.get("trigger_id");
        Long issued = trigger == null ? null : triggers.remove(trigger);
        if (issued == null) {
          return error("invalid_trigger_id");
        }
        if (System.nanoTime() - issued > TRIGGER_WINDOW.toNanos()) {
          return error("expired_trigger_id");
        }
        r.putObject("view").put("id", "V" + ids.incrementAndGet()).put("type", "modal");
      }
      case "users.info" -> {
        SlackUser u = users.get(p.get("user"));
        if (u == null) {
          return error("user_not_found");
        }
        payloads.userInfo(u, r);
      }
      default -> {
        return error("unknown_method");
      }
    }
    return r;
  }

  private static ObjectNode error(String code) {
    return JSON.createObjectNode().put("ok", false).put("error", code);
  }

  @Override
  public void close() {
    http.stop(0);
    try {
      socket.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
