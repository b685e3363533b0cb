package io.mcpbot.bot.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The Socket Mode side: says hello, sends envelopes, records acks with their latency. As Slack
 * does, it spreads envelopes over the open connections in turn (several replicas, or one bot during
 * a refresh) and never sends one to a connection it asked to disconnect.
 */
final class SocketModeServer extends WebSocketServer {
  /** Any live connection, in turn. */
  static final int ANY = -1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REFRESH_WAIT = Duration.ofSeconds(10);

  private final CountDownLatch started = new CountDownLatch(1);
  // open connections, oldest first; a connection told to disconnect is retiring until it closes
  private final List<WebSocket> open = new CopyOnWriteArrayList<>();
  private final Set<WebSocket> retiring = ConcurrentHashMap.newKeySet();
  private final AtomicInteger turn = new AtomicInteger();
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final Map<String, Ack> acks = new ConcurrentHashMap<>();
  private final Object changed = new Object();
  private volatile int connections;

  SocketModeServer() {
    super(new InetSocketAddress("127.0.0.1", 0));
    setReuseAddr(true);
  }

  void startAndWait() throws InterruptedException {
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Socket Mode server did not start");
    }
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    open.add(conn);
    conn.send(
        "{\"type\":\"hello\",\"num_connections\":"
            + open.size()
            + ",\"debug_info\":{\"host\":\"emulator\",\"build_number\":1,"
            + "\"approximate_connection_time\":18060},\"connection_info\":{\"app_id\":\""
            + SlackEmulator.APP_ID
            + "\"}}");
    synchronized (changed) {
      connections++;
      changed.notifyAll();
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    open.remove(conn);
    retiring.remove(conn);
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    long now = System.nanoTime();
    try {
      JsonNode ack = JSON.readTree(message);
      String id = ack.path("envelope_id").asText(null);
      if (id == null) {
        return;
      }
      Long sent = sentAt.get(id);
      JsonNode payload = ack.hasNonNull("payload") ? ack.get("payload") : null;
      acks.put(id, new Ack(id, payload, Duration.ofNanos(sent == null ? 0 : now - sent)));
      synchronized (changed) {
        changed.notifyAll();
      }
    } catch (Exception e) {
      throw new IllegalStateException("bot sent an invalid ack: " + message, e);
    }
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null) {
      started.countDown();
    }
  }

  /**
   * Sends an envelope of {@code type} to the {@code connection}-th live connection (oldest first)
   * or, with {@link #ANY}, to the next live one in turn; returns its envelope_id.
   */
  String send(
      String type, ObjectNode payload, int retryAttempt, boolean acceptsResponse, int connection) {
    String envelopeId = UUID.randomUUID().toString();
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("envelope_id", envelopeId);
    envelope.set("payload", payload);
    envelope.put("type", type);
    envelope.put("accepts_response_payload", acceptsResponse);
    if ("events_api".equals(type)) {
      envelope.put("retry_attempt", retryAttempt);
      envelope.put("retry_reason", retryAttempt == 0 ? "" : "timeout");
    }
    sentAt.put(envelopeId, System.nanoTime());
    while (true) {
      List<WebSocket> live = live();
      WebSocket target =
          connection == ANY
              ? live.get(Math.floorMod(turn.getAndIncrement(), live.size()))
              : live.get(connection);
      try {
        target.send(envelope.toString());
        return envelopeId;
      } catch (WebsocketNotConnectedException e) {
        if (connection != ANY) {
          throw new IllegalStateException("Socket Mode connection " + connection + " closed", e);
        }
        // it closed after we chose it: the next live one gets the envelope
      }
    }
  }

  /**
   * The open connections not told to disconnect, oldest first; during a refresh (every one is
   * retiring) waits for the bot's new connection, as Slack holds envelopes meanwhile.
   */
  private List<WebSocket> live() {
    long deadline = System.nanoTime() + REFRESH_WAIT.toNanos();
    synchronized (changed) {
      while (true) {
        if (open.isEmpty()) {
          throw new IllegalStateException("no Socket Mode connection is open");
        }
        List<WebSocket> live = liveNow();
        long left = deadline - System.nanoTime();
        if (!live.isEmpty()) {
          return live;
        }
        if (left <= 0) {
          throw new IllegalStateException("every Socket Mode connection is closing");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(changed, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for a live connection", e);
        }
      }
    }
  }

  /** Asks every open connection to reconnect, as Slack does every few hours. */
  void requestReconnect() {
    for (WebSocket conn : open) {
      retiring.add(conn);
      conn.send(
          "{\"type\":\"disconnect\",\"reason\":\"refresh_requested\",\"debug_info\":{\"host\":\"emulator\"}}");
    }
  }

  int openConnections() {
    return open.size();
  }

  /** Open connections not told to disconnect (the indexes a targeted send may use). */
  int liveConnections() {
    return liveNow().size();
  }

  private List<WebSocket> liveNow() {
    return open.stream().filter(c -> c.isOpen() && !retiring.contains(c)).toList();
  }

  boolean awaitConnections(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (connections < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(changed, left);
      }
    }
    return true;
  }

  Ack awaitAck(String envelopeId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (!acks.containsKey(envelopeId)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no ack for envelope " + envelopeId + " within " + timeout);
        }
        TimeUnit.NANOSECONDS.timedWait(changed, left);
      }
    }
    return acks.get(envelopeId);
  }

  Map<String, Ack> acks() {
    return Map.copyOf(acks);
  }
}
