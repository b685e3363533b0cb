package io.mcpbot.bot.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/** The Socket Mode side: says hello, sends envelopes, records acks with their latency. */
final class SocketModeServer extends WebSocketServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CountDownLatch started = new CountDownLatch(1);
  private final Set<WebSocket> open = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final Map<String, Ack> acks = new ConcurrentHashMap<>();
  private final Object changed = new Object();
  private volatile int connections;
  private volatile WebSocket newest;

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
    newest = conn;
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

  void send(String envelopeId, String envelope) {
    if (open.isEmpty()) {
      throw new IllegalStateException("no Socket Mode connection is open");
    }
    sentAt.put(envelopeId, System.nanoTime());
    // One connection gets each envelope, as with Slack: the newest one.
    WebSocket target = newest;
    (target != null && target.isOpen() ? target : open.iterator().next()).send(envelope);
  }

  /** Asks every open connection to reconnect, as Slack does every few hours. */
  void requestReconnect() {
    for (WebSocket conn : open) {
      conn.send(
          "{\"type\":\"disconnect\",\"reason\":\"refresh_requested\",\"debug_info\":{\"host\":\"emulator\"}}");
    }
  }

  int openConnections() {
    return open.size();
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
