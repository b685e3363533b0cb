package io.mcpbot.core.oauth;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.AuthorizationRequiredException.Reason;
import io.mcpbot.core.mcp.RemoteAuthorizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link RemoteAuthorizer} backed by {@link OAuthFlows}: sends the user's bearer token
 * (refreshed ahead of expiry), and answers a server's 401/403 challenge by refreshing, by a step-up
 * when the server asks for more scope, or by telling the user to connect. With an {@link
 * AuthorizationPrompt} (a headless agent, a terminal) it completes the authorization at once and
 * asks for a retry. Thread-safe.
 */
public final class OAuthAuthorizer implements RemoteAuthorizer {
  /** Step-ups for one scope set before the bot gives up: a server that never accepts stops here. */
  static final int MAX_STEP_UPS = 2;

  private final OAuthFlows flows;
  private final AuthorizationPrompt prompt;
  private final Map<String, AtomicInteger> stepUps = new ConcurrentHashMap<>();

  /** An authorizer that throws {@link AuthorizationRequiredException} when the user must act. */
  public OAuthAuthorizer(OAuthFlows flows) {
    this(flows, null);
  }

  /** An authorizer that runs {@code prompt} (null: none) when the user must act. */
  public OAuthAuthorizer(OAuthFlows flows, AuthorizationPrompt prompt) {
    this.flows = flows;
    this.prompt = prompt;
  }

  @Override
  public String authorization(String userId, RemoteServer server) {
    try {
      return bearer(userId, server);
    } catch (AuthorizationRequiredException e) {
      // a dead grant: an interactive front end reconnects on the spot instead of failing the call
      if (prompt == null || !interact(userId, server, e.reason())) {
        throw e;
      }
      return bearer(userId, server);
    }
  }

  private String bearer(String userId, RemoteServer server) {
    return flows.currentGrant(userId, server).map(g -> "Bearer " + g.accessToken()).orElse(null);
  }

  @Override
  public boolean challenged(
      String userId, RemoteServer server, int status, String wwwAuthenticate) {
    Challenge challenge = Challenge.parse(wwwAuthenticate);
    if (status == 401) {
      flows.rememberChallenge(userId, server, challenge);
      return unauthorized(userId, server);
    }
    if (status == 403 && challenge.insufficientScope()) {
      flows.rememberChallenge(userId, server, challenge);
      return insufficientScope(userId, server, challenge);
    }
    return false;
  }

  private boolean unauthorized(String userId, RemoteServer server) {
    if (flows.storedGrant(userId, server).isEmpty()) {
      return interact(userId, server, Reason.NOT_CONNECTED);
    }
    try {
      flows.refreshRejected(userId, server);
      return true;
    } catch (AuthorizationRequiredException e) {
      return interact(userId, server, e.reason());
    }
  }

  private boolean insufficientScope(String userId, RemoteServer server, Challenge challenge) {
    List<String> held =
        flows.storedGrant(userId, server).map(g -> Scopes.split(g.scope())).orElse(List.of());
    // a grant that already holds every scope asked for cannot be helped by asking again
    if (!held.isEmpty() && Scopes.covers(held, challenge.scopes())) {
      throw new AuthorizationRequiredException(server.name(), Reason.INSUFFICIENT_SCOPE);
    }
    String key = userId + "\u0000" + server.name() + "\u0000" + challenge.scope();
    if (stepUps.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > MAX_STEP_UPS) {
      throw new AuthorizationRequiredException(server.name(), Reason.INSUFFICIENT_SCOPE);
    }
    return interact(userId, server, Reason.INSUFFICIENT_SCOPE);
  }

  private boolean interact(String userId, RemoteServer server, Reason reason) {
    if (prompt == null) {
      throw new AuthorizationRequiredException(server.name(), reason);
    }
    OAuthConnections.AuthorizationStart start = flows.begin(userId, server, null);
    return prompt.authorize(userId, server, start, flows);
  }
}
