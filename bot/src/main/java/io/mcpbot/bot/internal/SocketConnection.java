package io.mcpbot.bot.internal;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.socket_mode.impl.SocketModeClientJavaWSImpl;
import com.slack.api.socket_mode.response.AckResponse;
import com.slack.api.util.json.GsonFactory;
import io.mcpbot.core.McpbotException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket Mode over the Java-WebSocket backend, dispatching envelopes to the Bolt app and sending
 * its ack. This is what Bolt's SocketModeApp does, minus the SDK's debug logging of every envelope
 * (a view_submission envelope carries the credentials a user typed). Envelopes are handled one at a
 * time in arrival order (handlers only ack and hand off), except view submissions, whose answer
 * waits for the save and so runs on its own virtual thread. Each envelope is parsed once: the
 * client hands the raw text to {@link #dispatch} instead of parsing it for its own listeners, and
 * the Bolt request is built from that parse. Thread-safe.
 */
public final class SocketConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);
  // The envelope types Bolt handles (what its SocketModeRequestParser accepts).
  private static final Set<String> ENVELOPE_TYPES =
      Set.of("events_api", "interactive", "slash_commands");

  private final App app;
  private final Slack slack;
  private final String appToken;
  private final SlackApi appApi;
  private final CountDownLatch hello = new CountDownLatch(1);
  private final Gson gson;
  private final SlackRequestParser requests;
  private volatile QuietClient client;

  public SocketConnection(App app, Slack slack, String appToken) {
    this.app = app;
    this.slack = slack;
    this.appToken = appToken;
    this.appApi = new SlackApi(slack.methods(appToken));
    this.gson = GsonFactory.createSnakeCase(slack.getConfig());
    this.requests = new SlackRequestParser(app.config());
  }

  /** Opens the connection and waits for Slack's hello. */
  public void connect(Duration timeout) {
    String url = appApi.openSocketUrl();
    try {
      QuietClient c = new QuietClient(this, slack, appToken, url);
      client = c;
      c.connect();
      if (!hello.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new McpbotException(
            "Socket Mode did not say hello within "
                + timeout.toSeconds()
                + " s: check SLACK_APP_TOKEN, that Socket Mode is enabled for the app, and the"
                + " network to the URL apps.connections.open returned");
      }
    } catch (URISyntaxException e) {
      throw new McpbotException("apps.connections.open returned an invalid URL: " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpbotException("interrupted while connecting to Slack", e);
    }
  }

  private void dispatch(QuietClient c, String message) throws IOException {
    JsonObject envelope;
    try {
      envelope = JsonParser.parseString(message).getAsJsonObject();
    } catch (RuntimeException e) {
      log.warn("ignoring a Socket Mode message that is not a JSON object");
      return;
    }
    String type = string(envelope, "type");
    if ("hello".equals(type)) {
      hello.countDown();
      log.debug("Socket Mode hello received");
      return;
    }
    if ("disconnect".equals(type)) {
      // Slack is about to close this connection (refresh, maintenance): what the SDK does too.
      c.connectToNewEndpoint();
      return;
    }
    if (!ENVELOPE_TYPES.contains(type)) {
      return;
    }
    String envelopeId = string(envelope, "envelope_id");
    JsonElement payload = envelope.get("payload");
    Request<?> request = boltRequest(envelope, payload);
    if ("interactive".equals(type)
        && payload != null
        && payload.isJsonObject()
        && "view_submission".equals(string(payload.getAsJsonObject(), "type"))) {
      // Its answer waits for the save (validation, storing) up to the submit timeout: off this
      // thread, or every other user's envelopes would wait as long for their ack.
      Thread.ofVirtual().name("view-submission").start(() -> handle(c, envelopeId, request, type));
    } else {
      // Fast (handlers only hand off), and in arrival order so turns queue in order.
      handle(c, envelopeId, request, type);
    }
  }

  // What Bolt's SocketModeRequestParser builds, from the envelope already parsed.
  private Request<?> boltRequest(JsonObject envelope, JsonElement payload) {
    Map<String, List<String>> headers = new HashMap<>();
    String retryNum = string(envelope, "retry_attempt");
    if (!retryNum.isEmpty()) {
      headers.put("X-Slack-Retry-Num", List.of(retryNum));
    }
    String retryReason = string(envelope, "retry_reason");
    if (!retryReason.isEmpty()) {
      headers.put("X-Slack-Retry-Reason", List.of(retryReason));
    }
    return requests.parse(
        SlackRequestParser.HttpRequest.builder()
            .socketMode(true)
            .requestUri("")
            .remoteAddress("")
            .queryString(Map.of())
            .requestBody(payload == null ? "{}" : gson.toJson(payload))
            .headers(new RequestHeaders(headers))
            .build());
  }

  private static String string(JsonObject json, String key) {
    JsonElement e = json.get(key);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
  }

  private void handle(QuietClient c, String envelopeId, Request<?> request, String type) {
    try {
      Response response = app.run(request);
      if (response.getStatusCode() != 200) {
        // Ack anyway: Slack would only redeliver what we cannot handle.
        log.warn("Bolt answered {} with status {}", type, response.getStatusCode());
      }
      c.sendSocketModeResponse(ackFor(envelopeId, response));
    } catch (Exception e) {
      log.error("failed to handle a Socket Mode {} envelope", type, e);
      c.sendSocketModeResponse(new AckResponse(envelopeId));
    }
  }

  private String ackFor(String envelopeId, Response response) {
    String body = response.getBody();
    if (response.getStatusCode() != 200 || body == null || body.isBlank()) {
      return gson.toJson(new AckResponse(envelopeId));
    }
    Map<String, Object> ack = new LinkedHashMap<>();
    ack.put("envelope_id", envelopeId);
    String contentType = response.getContentType();
    if (contentType != null && contentType.startsWith("application/json")) {
      ack.put("payload", gson.fromJson(body, JsonElement.class));
    } else {
      ack.put("payload", Map.of("text", body));
    }
    return gson.toJson(ack);
  }

  /** Whether the WebSocket to Slack is open now (false before connect and after close). */
  public boolean isOpen() {
    QuietClient c = client;
    return c != null && c.verifyConnection();
  }

  @Override
  public void close() {
    QuietClient c = client;
    client = null;
    if (c != null) {
      try {
        c.shut();
      } catch (IOException | RuntimeException e) {
        log.warn("closing the Socket Mode connection failed: {}", e.getMessage());
      }
    }
  }

  /**
   * The SDK's Java-WebSocket client without its debug dumps of envelopes and acks, handing each
   * message to {@link #dispatch} unparsed (the SDK would parse it once more for its listeners).
   */
  private static final class QuietClient extends SocketModeClientJavaWSImpl {
    private final SocketConnection connection;
    private boolean shut; // guarded by this

    QuietClient(SocketConnection connection, Slack slack, String appToken, String url)
        throws URISyntaxException {
      super(slack, appToken, url);
      this.connection = connection;
    }

    @Override
    public void processMessage(String message) throws IOException {
      connection.dispatch(this, message);
    }

    /**
     * The SDK's session monitor reconnects when it finds the connection down; checked before close
     * disables that, it would open a new connection after we closed ours (Slack would keep sending
     * this stopping process events). Never after {@link #shut}; one at a time with it.
     */
    @Override
    public synchronized void connectToNewEndpoint() throws IOException {
      if (!shut) {
        super.connectToNewEndpoint();
      }
    }

    /** Closes for good: no reconnect can follow, and one in progress is closed too. */
    synchronized void shut() throws IOException {
      shut = true;
      close();
    }

    @Override
    public void debugLogRequest(String message) {}

    @Override
    public void debugLogResponse(String message) {}
  }
}
