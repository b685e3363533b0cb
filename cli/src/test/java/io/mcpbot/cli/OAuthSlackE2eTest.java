package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.oauth.StoredGrants;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDb;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Connecting a protected remote MCP server from Slack, end to end with the real pieces: {@code
 * mcpbot run}'s wiring (the real OAuth flows, grants in the database, the HTTP endpoint), the Slack
 * emulator with real Bolt, and the TypeScript SDK's demo authorization server and protected MCP
 * server (its authorize endpoint approves at once, so an HTTP client plays the browser).
 */
class OAuthSlackE2eTest {
  private static final String USER = "U0ALICE01";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DM = "D0ALICE01";

  @TempDir Path dir;

  @Test
  void connectFromTheHomeUseTheToolAndDisconnect() throws Exception {
    int mcpPort = freePort();
    int authPort = freePort();
    int httpPort = freePort();
    Process node = startDemo(mcpPort, authPort);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("io.mcpbot");
    Level ourLevel = ours.getLevel();
    ours.setLevel(Level.DEBUG);
    root.addAppender(logs);
    Path servers = dir.resolve("servers_config.json");
    Files.writeString(
        servers,
        """
        {"mcpServers": {"demo": {"url": "http://localhost:%d/mcp",
                                 "description": "Demo protected server",
                                 "approval": "never"}}}
        """
            .formatted(mcpPort));
    String key = KeyRing.generateKey();
    try (SlackEmulator slack = SlackEmulator.start();
        FakeLlmServer llm = new FakeLlmServer();
        TestDb db = TestDatabases.migrated(TestDatabases.Engine.H2)) {
      slack.addUser(new SlackUser(USER, "alice", "Alice Liddell", "alice", "alice@example.com"));
      Map<String, String> env =
          runEnv(db, slack, llm, key, servers, dir.resolve("users"), httpPort);
      RunningBot bot = RunningBot.start(Settings.load(env, null), Duration.ofSeconds(5));
      try {
        // Enabling meets the server's 401: the Home offers Connect, a signed URL button
        slack.clickButton(USER, "mcpbot.enable", "demo", slack.newTrigger());
        JsonNode connect = awaitButton(slack, "mcpbot.connect");
        URI start = URI.create(connect.path("url").asText());
        assertThat(start.toString())
            .startsWith("http://127.0.0.1:" + httpPort + "/oauth/start?u=" + USER + "&s=demo&e=");

        // A turn before connecting: a private prompt with the button, the model told why
        llm.reply(200, answer("Please connect demo first."));
        sendDm(slack, "greet me");
        ApiCall prompt =
            slack.awaitCall(
                "chat.postMessage",
                c -> c.param("blocks") != null && c.param("blocks").contains("/oauth/start?"),
                WAIT);
        assertThat(prompt.param("channel")).isEqualTo(DM);
        assertThat(prompt.param("text")).contains("*demo*", "connect your account");

        // The browser: start, the authorization server approves, the callback
        HttpClient browser =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        // a flow started in one browser cannot be finished in another (a forwarded link)
        HttpResponse<String> elsewhere = get(browser, start, null);
        URI foreign =
            URI.create(
                get(
                        browser,
                        URI.create(elsewhere.headers().firstValue("Location").orElseThrow()),
                        null)
                    .headers()
                    .firstValue("Location")
                    .orElseThrow());
        HttpResponse<String> refused = get(browser, foreign, "other=browser");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Not connected");
        HttpResponse<String> started = get(browser, start, null);
        assertThat(started.statusCode()).isEqualTo(302);
        String cookie = started.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        URI authorize = URI.create(started.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.getPort()).isEqualTo(authPort);
        HttpResponse<String> approved = get(browser, authorize, null);
        URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
        assertThat(callback.toString())
            .startsWith("http://127.0.0.1:" + httpPort + "/oauth/callback?");
        HttpResponse<String> done = get(browser, callback, cookie);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Connected demo", "You can close this tab");
        // used once: the same callback again is refused
        assertThat(get(browser, callback, cookie).statusCode()).isEqualTo(400);

        awaitButton(slack, "mcpbot.disconnect");
        slack.awaitCall(
            "chat.postMessage",
            c -> USER.equals(c.param("channel")) && c.param("text").contains("Connected *demo*"),
            WAIT);

        // Connected: the model's tool call reaches the protected server with the user's token
        llm.reply(200, toolCall("demo__greet", "{\\\"name\\\":\\\"Alice\\\"}"));
        llm.reply(200, answer("The server said hello."));
        sendDm(slack, "greet me again");
        slack.awaitCall("chat.update", c -> "The server said hello.".equals(c.param("text")), WAIT);
        assertThat(llm.requests().getLast().body()).contains("Hello, Alice!");

        Grant grant =
            new StoredGrants(db.store(), KeyRing.parse("ENCRYPTION_KEY", key))
                .grant(USER, "demo")
                .orElseThrow();
        String secrets = grant.accessToken();
        for (ApiCall c : slack.calls()) {
          assertThat(c.toString()).doesNotContain(grant.accessToken());
        }
        String logged = logged(logs);
        assertThat(logged)
            .doesNotContain(secrets)
            .doesNotContain(callback.getRawQuery())
            .doesNotContain(cookie.substring(cookie.indexOf('=') + 1));

        // Disconnect: the grant is gone and the Home offers Connect again
        slack.clickButton(USER, "mcpbot.disconnect", "demo", slack.newTrigger());
        await()
            .atMost(WAIT)
            .until(
                () ->
                    new StoredGrants(db.store(), KeyRing.parse("ENCRYPTION_KEY", key))
                        .grant(USER, "demo")
                        .isEmpty());
        awaitButton(slack, "mcpbot.connect");
      } finally {
        bot.stop();
        node.destroyForcibly();
        root.detachAppender(logs);
        ours.setLevel(ourLevel);
      }
    }
  }

  @Test
  void chatPrintsTheLinkWaitsForTheBrowserAndRunsTheTurnAgain() throws Exception {
    int mcpPort = freePort();
    int authPort = freePort();
    int httpPort = freePort();
    Process node = startDemo(mcpPort, authPort);
    Path servers = dir.resolve("servers_config.json");
    Files.writeString(
        servers,
        """
        {"mcpServers": {"demo": {"url": "http://localhost:%d/mcp", "description": "Demo",
                                 "approval": "never"}}}
        """
            .formatted(mcpPort));
    Map<String, String> env = new java.util.HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getProperty("user.home"));
    env.put("DATABASE_URL", "jdbc:h2:file:" + dir.resolve("db/mcpbot"));
    env.put("ENCRYPTION_KEY", KeyRing.generateKey());
    env.put("MCP_SERVERS_CONFIG", servers.toString());
    env.put("USER_DATA_DIR", dir.resolve("user_data").toString());
    env.put("OPENAI_API_KEY", "sk-chat-test-key");
    env.put("LLM_MODEL", "gpt-test");
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", Integer.toString(httpPort));
    env.put("PUBLIC_URL", "http://127.0.0.1:" + httpPort + "/");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    try (FakeLlmServer llm = new FakeLlmServer()) {
      env.put("OPENAI_BASE_URL", llm.url() + "/v1");
      llm.reply(200, answer("Please connect demo first."));
      llm.reply(200, toolCall("demo__greet", "{\\\"name\\\":\\\"Alice\\\"}"));
      llm.reply(200, answer("The server said hello."));
      ChatCommand command =
          new ChatCommand(
              () -> Settings.load(env, null),
              new java.io.ByteArrayInputStream(
                  "/enable demo\ngreet me\n/exit\n"
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
              new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
              new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
              () -> null);
      java.util.concurrent.CompletableFuture<Integer> exit =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> new picocli.CommandLine(command).execute("--user", USER));

      java.util.regex.Matcher link =
          java.util.regex.Pattern.compile("(http://\\S+/oauth/start\\S+)").matcher("");
      await()
          .atMost(WAIT)
          .until(() -> link.reset(err.toString(java.nio.charset.StandardCharsets.UTF_8)).find());
      HttpClient browser =
          HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      HttpResponse<String> started = get(browser, URI.create(link.group(1)), null);
      String cookie = started.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      URI authorize = URI.create(started.headers().firstValue("Location").orElseThrow());
      URI callback =
          URI.create(get(browser, authorize, null).headers().firstValue("Location").orElseThrow());
      assertThat(get(browser, callback, cookie).statusCode()).isEqualTo(200);

      assertThat(exit.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
      assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
          .contains("Please connect demo first.", "The server said hello.");
      assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("Connected demo.");
      assertThat(llm.requests().getLast().body()).contains("Hello, Alice!");
    } finally {
      node.destroyForcibly();
    }
  }

  /** {@code mcpbot run}'s environment against the emulator, the fake LLM and {@code db}. */
  static Map<String, String> runEnv(
      TestDb db,
      SlackEmulator slack,
      FakeLlmServer llm,
      String key,
      Path servers,
      Path users,
      int httpPort) {
    return Cli.botEnv(
        db,
        slack,
        llm,
        key,
        servers,
        users,
        "HTTP_HOST",
        "127.0.0.1",
        "HTTP_PORT",
        Integer.toString(httpPort),
        "PUBLIC_URL",
        "http://127.0.0.1:" + httpPort + "/");
  }

  /** Every captured log line with its throwable, one per line. */
  static String logged(ListAppender<ILoggingEvent> logs) {
    return String.join(
        "\n",
        logs.list.stream()
            .map(e -> e.getFormattedMessage() + " " + e.getThrowableProxy())
            .toList());
  }

  static void sendDm(SlackEmulator slack, String text) {
    slack.sendEvent(Events.dm(USER, DM, text, slack.nextTs(), null), slack.newEventId(), 0);
  }

  /** The latest App Home that has {@code actionId} for demo, once one is published. */
  static JsonNode awaitButton(SlackEmulator slack, String actionId) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<ApiCall> homes = slack.calls("views.publish");
              if (homes.isEmpty()) {
                return false;
              }
              for (JsonNode block : homes.getLast().json("view").path("blocks")) {
                for (JsonNode e : block.path("elements")) {
                  if ("demo".equals(e.path("value").asText())
                      && actionId.equals(e.path("action_id").asText())) {
                    found[0] = e;
                    return true;
                  }
                }
              }
              return false;
            });
    return found[0];
  }

  static HttpResponse<String> get(HttpClient client, URI uri, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String answer(String text) {
    return """
        {"id":"x","object":"chat.completion","model":"m",
         "choices":[{"index":0,"finish_reason":"stop",
                     "message":{"role":"assistant","content":"%s"}}],
         "usage":{"prompt_tokens":1,"completion_tokens":1}}
        """
        .formatted(text);
  }

  static String toolCall(String name, String arguments) {
    return """
        {"id":"x","object":"chat.completion","model":"m",
         "choices":[{"index":0,"finish_reason":"tool_calls",
                     "message":{"role":"assistant","content":null,
                                "tool_calls":[{"id":"call_1","type":"function",
                                  "function":{"name":"%s","arguments":"%s"}}]}}],
         "usage":{"prompt_tokens":1,"completion_tokens":1}}
        """
        .formatted(name, arguments);
  }

  private static Process startDemo(int mcpPort, int authPort) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
                "node",
                Fixtures.nodeModules()
                    .resolve(
                        "@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js")
                    .toString(),
                "--oauth")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("MCP_PORT", Integer.toString(mcpPort));
    pb.environment().put("MCP_AUTH_PORT", Integer.toString(authPort));
    Process p = pb.start();
    await().atMost(WAIT).until(() -> listening(mcpPort) && listening(authPort));
    return p;
  }

  static int freePort() throws IOException {
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
