package io.mcpbot.core.oauth;

import static io.mcpbot.core.oauth.OAuthFixture.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.oauth.OAuthConnections.Status;
import io.mcpbot.core.store.Grant;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole flow against the TypeScript SDK's demo authorization server and its protected MCP
 * server in strict mode (tokens must carry this server as their RFC 8707 resource): the 401
 * challenge, PRM and RFC 8414 discovery, dynamic registration, PKCE, the callback, then MCP
 * requests that the server accepts with the bearer token.
 */
class DemoServerTest {
  private static Process node;
  private static int mcpPort;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @BeforeAll
  static void start() throws IOException {
    mcpPort = freePort();
    int authPort = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                "node",
                Fixtures.nodeModules()
                    .resolve(
                        "@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js")
                    .toString(),
                "--oauth",
                "--oauth-strict")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("MCP_PORT", Integer.toString(mcpPort));
    pb.environment().put("MCP_AUTH_PORT", Integer.toString(authPort));
    node = pb.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> listening(mcpPort) && listening(authPort));
  }

  @AfterAll
  static void stop() {
    node.destroyForcibly();
  }

  private final OAuthFixture fx = new OAuthFixture();
  private final RemoteServer server = OAuthFixture.server("http://localhost:" + mcpPort + "/mcp");

  @Test
  void challengeThenConnectThenCall() throws Exception {
    HttpResponse<String> denied = post(null);
    assertThat(denied.statusCode()).isEqualTo(401);
    String www = denied.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThatThrownBy(() -> new OAuthAuthorizer(fx.flows).challenged(USER, server, 401, www))
        .isInstanceOf(AuthorizationRequiredException.class);
    assertThat(fx.flows.status(USER, server)).isEqualTo(Status.NOT_CONNECTED);

    Grant grant = fx.connect(server);
    assertThat(grant.resource()).isEqualTo("http://localhost:" + mcpPort + "/mcp");
    assertThat(grant.scope()).isEqualTo("mcp:tools");
    assertThat(fx.flows.status(USER, server)).isEqualTo(Status.CONNECTED);
    HttpResponse<String> ok = post(new OAuthAuthorizer(fx.flows).authorization(USER, server));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("serverInfo");
  }

  @Test
  void aPromptConnectsInTheMiddleOfACall() throws Exception {
    OAuthAuthorizer authorizer =
        new OAuthAuthorizer(fx.flows, new HeadlessUserAgent(OAuthFixture.REDIRECT));
    HttpResponse<String> denied = post(authorizer.authorization(USER, server));
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(
            authorizer.challenged(
                USER, server, 401, denied.headers().firstValue("WWW-Authenticate").orElse(null)))
        .isTrue();
    assertThat(post(authorizer.authorization(USER, server)).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> post(String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url()))
            .POST(HttpRequest.BodyPublishers.ofString(INIT))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("localhost", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
