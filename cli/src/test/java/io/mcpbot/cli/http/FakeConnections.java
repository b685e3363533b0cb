package io.mcpbot.cli.http;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.oauth.OAuthConnections;
import io.mcpbot.core.oauth.OAuthException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for core's OAuth flows where only the HTTP side is under test: single-use states bound
 * to the user, server and browser binding the start route passed, expiring on the given clock.
 */
final class FakeConnections implements OAuthConnections {
  record Pending(String user, String server, String binding, Instant expires) {}

  final Map<String, Pending> pending = new ConcurrentHashMap<>();
  final Map<String, Status> statuses = new ConcurrentHashMap<>();
  private final Clock clock;
  volatile String failBegin;

  FakeConnections(Clock clock) {
    this.clock = clock;
  }

  @Override
  public AuthorizationStart begin(String userId, RemoteServer server, String browserBinding) {
    if (failBegin != null) {
      throw new OAuthException(failBegin);
    }
    String state = UUID.randomUUID().toString();
    pending.put(
        state,
        new Pending(userId, server.name(), browserBinding, clock.instant().plusSeconds(600)));
    return new AuthorizationStart(
        URI.create("https://auth.example.test/authorize?state=" + state + "&code_challenge=x"),
        state);
  }

  @Override
  public Completion complete(String state, String code, String error, String browserBinding) {
    Pending p = pending.remove(state);
    if (p == null) {
      throw new OAuthException("this sign-in link was already used or is unknown");
    }
    if (clock.instant().isAfter(p.expires())) {
      throw new OAuthException("this sign-in took too long and expired");
    }
    if (p.binding() == null || !p.binding().equals(browserBinding)) {
      throw new OAuthException("this sign-in was started in another browser");
    }
    if (error != null) {
      throw new OAuthException("the authorization server refused: " + error);
    }
    statuses.put(p.user() + "/" + p.server(), Status.CONNECTED);
    return new Completion(p.user(), p.server());
  }

  @Override
  public Status status(String userId, RemoteServer server) {
    return statuses.getOrDefault(userId + "/" + server.name(), Status.NOT_CONNECTED);
  }

  @Override
  public void disconnect(String userId, RemoteServer server) {
    statuses.remove(userId + "/" + server.name());
  }
}
