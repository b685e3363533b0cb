package io.mcpbot.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.core.config.OAuthClient;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.RemoteTransport;
import io.mcpbot.core.config.ServerOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Authorization of remote requests through a {@link RemoteAuthorizer} test double against a real
 * bearer-protected server: a header on every request (a refreshed one applies at once), one retry
 * after a challenge the authorizer answers, {@link AuthorizationRequiredException} otherwise,
 * passed through the pool without counting as a failure.
 */
class RemoteAuthTest extends RemoteCase {
  static final String A = "UAUTHA";

  /** Hands out {@code token} and records challenges; answers them with {@code onChallenge}. */
  static final class Authorizer implements RemoteAuthorizer {
    final AtomicReference<String> token = new AtomicReference<>();
    final AtomicReference<String> onChallenge = new AtomicReference<>();
    final List<String> challenges = new CopyOnWriteArrayList<>();

    @Override
    public String authorization(String userId, RemoteServer server) {
      String t = token.get();
      return t == null ? null : "Bearer " + t;
    }

    @Override
    public boolean challenged(
        String userId, RemoteServer server, int status, String wwwAuthenticate) {
      challenges.add(userId + " " + server.name() + " " + status + " " + wwwAuthenticate);
      String next = onChallenge.get();
      if (next == null) {
        return false;
      }
      token.set(next);
      return true;
    }
  }

  private RemoteServer start(Authorizer auth, RemoteTransport transport) throws Exception {
    fixture =
        RemoteFixture.start(
            transport == RemoteTransport.SSE ? "sse" : "streamable", "/mcp", "good", "fresh");
    var def =
        new RemoteServer(
            "r", fixture.base() + "/mcp", Map.of(), transport, null, ServerOptions.NONE);
    pool(A, def, auth);
    return def;
  }

  @Test
  void theHeaderIsTakenAfreshForEveryRequestOfOneSession() throws Exception {
    Authorizer auth = new Authorizer();
    auth.token.set("good");
    start(auth, RemoteTransport.STREAMABLE_HTTP);
    ToolCatalog cat = pool.catalog(A);
    McpTool seenTool = cat.find("r__seen").orElseThrow();
    auth.token.set("fresh"); // a refresh between two calls of the same session
    JsonNode seen = RemoteFixture.seen(pool.call(A, seenTool, Map.of()));
    JsonNode last = seen.get(seen.size() - 1);
    assertThat(last.get("authorization").asText()).isEqualTo("Bearer fresh");
    assertThat(seen.get(0).get("authorization").asText()).isEqualTo("Bearer good");
    assertThat(last.get("session").asText()).isEqualTo(seen.get(2).get("session").asText());
    assertThat(auth.challenges).isEmpty();
  }

  @Test
  void aChallengeTheAuthorizerAnswersIsRetriedOnce() throws Exception {
    Authorizer auth = new Authorizer();
    auth.token.set("stale");
    auth.onChallenge.set("good");
    start(auth, RemoteTransport.AUTO);
    assertThat(pool.catalog(A).problems()).isEmpty();
    assertThat(auth.challenges)
        .singleElement()
        .asString()
        .startsWith(A + " r 401 Bearer error=\"invalid_token\"")
        .contains("resource_metadata=");
  }

  @Test
  void anUnansweredChallengeIsAuthorizationRequiredNotAFailure() throws Exception {
    Authorizer auth = new Authorizer();
    start(auth, RemoteTransport.AUTO);
    assertThat(pool.catalog(A).problems())
        .singleElement()
        .isEqualTo(
            new ServerProblem(
                "r",
                new AuthorizationRequiredException(
                        "r", AuthorizationRequiredException.Reason.NOT_CONNECTED)
                    .getMessage(),
                AuthorizationRequiredException.Reason.NOT_CONNECTED));
    assertThat(pool.status(A, "r")).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(auth.challenges).hasSize(1);

    auth.token.set("good");
    McpTool tool = pool.catalog(A).find("r__seen").orElseThrow();
    auth.token.set("tok-dead-123");
    assertThatThrownBy(() -> pool.call(A, tool, Map.of()))
        .isInstanceOfSatisfying(
            AuthorizationRequiredException.class,
            e -> {
              assertThat(e.server()).isEqualTo("r");
              assertThat(e.reason()).isEqualTo(AuthorizationRequiredException.Reason.RECONNECT);
              assertThat(e.getMessage()).doesNotContain("tok-dead-123");
            });
    assertThat(pool.status(A, "r")).isInstanceOf(ServerStatus.Running.class);
  }

  @Test
  void theLegacySseTransportIsAuthorizedToo() throws Exception {
    Authorizer auth = new Authorizer();
    auth.onChallenge.set("good");
    start(auth, RemoteTransport.SSE);
    JsonNode seen = RemoteFixture.seen(Fixtures.call(pool, A, "r__seen", Map.of()));
    assertThat(seen.get(seen.size() - 1).get("authorization").asText()).isEqualTo("Bearer good");
    assertThat(auth.challenges).hasSize(1);
  }

  @Test
  void anUnsetClientSecretVariableStopsTheStartWithTheFix() {
    var def =
        new RemoteServer(
            "r",
            "http://127.0.0.1:9/mcp",
            Map.of(),
            RemoteTransport.AUTO,
            new OAuthClient("id", "R_CLIENT_SECRET", List.of()),
            ServerOptions.NONE);
    pool(A, def, RemoteAuthorizer.NONE);
    assertThat(pool.catalog(A).problems())
        .singleElement()
        .extracting(ServerProblem::reason)
        .asString()
        .contains("names R_CLIENT_SECRET in oauth.client_secret_env but the bot's environment");
    assertThat(pool.status(A, "r")).isInstanceOf(ServerStatus.NotStarted.class);
  }
}
