package io.mcpbot.bot.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's Socket Mode spreads envelopes over the open connections in turn, sends one to a
 * chosen connection on request, and never to a connection it told to disconnect.
 */
class SocketModeSpreadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private SlackEmulator slack;
  private final List<Client> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    slack = SlackEmulator.start();
  }

  @AfterEach
  void stop() {
    clients.forEach(WebSocketClient::close);
    slack.close();
  }

  @Test
  void envelopesAlternateOverTheConnectionsAndATargetedOneReachesItsConnection() throws Exception {
    Client first = connect(1);
    Client second = connect(2);

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sent.add(slack.sendEvent(Events.dm("U1", "D1", "m" + i, slack.nextTs(), null), "Ev" + i, 0));
    }
    String targeted =
        slack.sendEvent(Events.dm("U1", "D1", "to 1", slack.nextTs(), null), "Ev9", 0, 1);

    assertThat(List.of(envelopeId(first), envelopeId(first)))
        .containsExactly(sent.get(0), sent.get(2));
    assertThat(List.of(envelopeId(second), envelopeId(second), envelopeId(second)))
        .containsExactly(sent.get(1), sent.get(3), targeted);
    assertThat(first.received).isEmpty();
  }

  private static String envelopeId(Client c) throws InterruptedException {
    return c.next().path("envelope_id").asText();
  }

  @Test
  void aConnectionToldToDisconnectGetsNoMoreEnvelopes() throws Exception {
    Client old = connect(1);
    slack.requestReconnect();
    assertThat(old.next().path("type").asText()).isEqualTo("disconnect");
    assertThat(slack.liveConnections()).isZero();
    Client fresh = connect(2);

    for (int i = 0; i < 3; i++) {
      slack.sendEvent(Events.dm("U1", "D1", "m" + i, slack.nextTs(), null), "Ev" + i, 0);
      assertThat(fresh.next().path("type").asText()).isEqualTo("events_api");
    }
    assertThat(old.received).isEmpty();
  }

  /** Opens a Socket Mode connection as the bot does and waits for its hello. */
  private Client connect(int nth) throws Exception {
    HttpResponse<String> opened =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(slack.apiUrl() + "apps.connections.open"))
                    .header("Authorization", "Bearer " + SlackEmulator.APP_TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Client c = new Client(URI.create(JSON.readTree(opened.body()).path("url").asText()));
    clients.add(c);
    assertThat(c.connectBlocking(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(c.next().path("type").asText()).isEqualTo("hello");
    assertThat(slack.awaitConnections(nth, WAIT)).isTrue();
    return c;
  }

  private static final class Client extends WebSocketClient {
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

    Client(URI uri) {
      super(uri);
    }

    JsonNode next() throws InterruptedException {
      JsonNode m = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(m).as("a message within " + WAIT).isNotNull();
      return m;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      try {
        received.add(JSON.readTree(message));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {}

    @Override
    public void onError(Exception ex) {}
  }
}
