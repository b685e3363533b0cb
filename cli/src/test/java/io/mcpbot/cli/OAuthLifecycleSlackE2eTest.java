package io.mcpbot.cli;

import static io.mcpbot.cli.OAuthSlackE2eTest.answer;
import static io.mcpbot.cli.OAuthSlackE2eTest.freePort;
import static io.mcpbot.cli.OAuthSlackE2eTest.get;
import static io.mcpbot.cli.OAuthSlackE2eTest.sendDm;
import static io.mcpbot.cli.OAuthSlackE2eTest.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.oauth.StoredGrants;
import io.mcpbot.core.oauth.TestAuthServer;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDb;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The OAuth grant's life after Connect, end to end through {@code mcpbot run}'s wiring and the
 * Slack emulator, against {@link TestAuthServer} (it refreshes, the TypeScript demo does not) and a
 * protected MCP server (resource protected-mcp-server.js) that can revoke a token server-side: a
 * refresh between two turns, a refused refresh, refused callbacks, and no secret anywhere.
 */
class OAuthLifecycleSlackE2eTest {
  private static final String USER = "U0ALICE01";
  private static final String OTHER = "U0BOB0001";
  private static final String DM = "D0ALICE01";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger ours = (Logger) LoggerFactory.getLogger("io.mcpbot");
  private final List<String> cookies = new ArrayList<>();
  private Level ourLevel;
  private TestAuthServer as;
  private Process mcp;
  private String mcpBase;
  private SlackEmulator slack;
  private FakeLlmServer llm;
  private TestDb db;
  private RunningBot bot;
  private String key;
  private int httpPort;

  @BeforeEach
  void start() throws Exception {
    logs.start();
    ourLevel = ours.getLevel();
    ours.setLevel(Level.DEBUG);
    root.addAppender(logs);
    as = new TestAuthServer();
    ProcessBuilder pb =
        new ProcessBuilder(
                "node", Fixtures.resource("protected-mcp-server.js").toString(), "--as", as.base())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("TESTING_DIR", Fixtures.projectRoot().resolve("testing").toString());
    mcp = pb.start();
    String first =
        new BufferedReader(new InputStreamReader(mcp.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    assertThat(first).startsWith("PORT ");
    mcpBase = "http://127.0.0.1:" + first.substring(5).strip();
    Path servers = dir.resolve("servers_config.json");
    Files.writeString(
        servers,
        """
        {"mcpServers": {"demo": {"url": "%s/mcp", "description": "Protected server",
                                 "approval": "never"}}}
        """
            .formatted(mcpBase));
    key = KeyRing.generateKey();
    httpPort = freePort();
    slack = SlackEmulator.start();
    llm = new FakeLlmServer();
    db = TestDatabases.migrated(TestDatabases.Engine.H2);
    slack.addUser(new SlackUser(USER, "alice", "Alice Liddell", "alice", "alice@example.com"));
    slack.addUser(new SlackUser(OTHER, "bob", "Bob Bobson", "bob", "bob@example.com"));
    bot =
        RunningBot.start(
            Settings.load(
                OAuthSlackE2eTest.runEnv(
                    db, slack, llm, key, servers, dir.resolve("users"), httpPort),
                null),
            Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertNoSecrets();
    } finally {
      bot.stop();
      mcp.destroyForcibly();
      as.close();
      llm.close();
      slack.close();
      db.close();
      root.detachAppender(logs);
      ours.setLevel(ourLevel);
    }
  }

  @Test
  void aTokenExpiredBetweenTwoTurnsIsRefreshedOnceAndTheToolCallSucceeds() throws Exception {
    connect();
    greet("Alice", "First hello.");
    assertThat(as.refreshes).hasValue(0);

    revoke("access-1"); // the resource server now refuses the first token: it expired
    greet("Bob", "Second hello.");
    assertThat(llm.requests().getLast().body()).contains("Hello, Bob!");
    assertThat(as.refreshes).hasValue(1);
    assertThat(grants().grant(USER, "demo").orElseThrow().refreshToken()).isEqualTo("refresh-2");
  }

  @Test
  void aRevokedTokenWhoseRefreshIsRefusedAsksTheUserToReconnect() throws Exception {
    connect();
    greet("Alice", "First hello.");
    as.refuseRefresh = true;
    revoke("access-1"); // the authorization server revoked the grant mid-session

    llm.reply(200, toolCall("demo__greet", "{\\\"name\\\":\\\"Bob\\\"}"));
    llm.reply(200, answer("Please reconnect demo."));
    sendDm(slack, "greet Bob");
    ApiCall prompt =
        slack.awaitCall(
            "chat.postMessage",
            c ->
                c.param("blocks") != null
                    && c.param("blocks").contains("/oauth/start?")
                    && c.param("text").contains("*demo*"),
            WAIT);
    assertThat(prompt.param("channel")).isIn(DM, USER);
    slack.awaitCall("chat.update", c -> "Please reconnect demo.".equals(c.param("text")), WAIT);
    // the model was told which server needs what, not handed a crash or an empty tool list
    assertThat(llm.requests().getLast().body()).contains("demo", "Reconnect");
    assertThat(as.refreshes).hasValue(1);
    // the user opens the App Home: demo offers Reconnect
    slack.sendEvent(Events.appHomeOpened(USER, slack.nextTs()), slack.newEventId(), 0);
    await()
        .atMost(WAIT)
        .until(
            () ->
                !slack.calls("views.publish").isEmpty()
                    && slack
                        .calls("views.publish")
                        .getLast()
                        .param("view")
                        .contains("Your connection expired or was revoked"));
    assertThat(slack.calls("views.publish").getLast().param("view")).contains("Reconnect");
  }

  @Test
  void aCallbackWithAnErrorOrAnotherUsersBrowserIsRefusedAndStoresNothing() throws Exception {
    URI aliceStart = startLink(USER);
    URI bobStart = startLink(OTHER);

    // the user denied access at the authorization server
    HttpResponse<String> started = get(browser, aliceStart, null);
    String cookie = cookie(started);
    Matcher state =
        Pattern.compile("[?&]state=([^&]+)")
            .matcher(started.headers().firstValue("Location").orElseThrow());
    assertThat(state.find()).isTrue();
    HttpResponse<String> denied =
        get(
            browser,
            URI.create(
                "http://127.0.0.1:"
                    + httpPort
                    + "/oauth/callback?error=access_denied&state="
                    + state.group(1)),
            cookie);
    assertThat(denied.statusCode()).isEqualTo(400);
    assertThat(denied.body()).contains("Not connected");

    // Alice's flow finished in Bob's browser (Bob started his own flow there)
    URI aliceCallback = callbackOf(get(browser, aliceStart, null));
    String bobCookie = cookie(get(browser, bobStart, null));
    HttpResponse<String> foreign = get(browser, aliceCallback, bobCookie);
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).contains("Not connected");

    // a state past its time to live (moved there in the database, as a clock would)
    HttpResponse<String> late = get(browser, aliceStart, null);
    String lateCookie = cookie(late);
    URI lateCallback = callbackOf(late);
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE oauth_pending SET expires_at = :past")
                    .bind("past", OffsetDateTime.parse("2000-01-01T00:00:00Z"))
                    .execute());
    HttpResponse<String> expired = get(browser, lateCallback, lateCookie);
    assertThat(expired.statusCode()).isEqualTo(400);
    assertThat(expired.body()).contains("Not connected");

    assertThat(grants().grant(USER, "demo")).isEmpty();
    assertThat(grants().grant(OTHER, "demo")).isEmpty();
  }

  /** Enables demo, follows Connect through the authorization server, awaits Disconnect. */
  private void connect() throws Exception {
    HttpResponse<String> started = get(browser, startLink(USER), null);
    String cookie = cookie(started);
    HttpResponse<String> done = get(browser, callbackOf(started), cookie);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("Connected demo");
    OAuthSlackE2eTest.awaitButton(slack, "mcpbot.disconnect");
  }

  /** The Connect start link of {@code user}'s App Home, after enabling demo there. */
  private URI startLink(String user) {
    slack.clickButton(user, "mcpbot.enable", "demo", slack.newTrigger());
    String[] found = new String[1];
    await()
        .atMost(WAIT)
        .until(
            () -> {
              for (ApiCall c : slack.calls("views.publish")) {
                if (user.equals(c.param("user_id"))) {
                  for (String url : c.json("view").findValuesAsText("url")) {
                    if (url.contains("/oauth/start?")) {
                      found[0] = url;
                    }
                  }
                }
              }
              return found[0] != null;
            });
    return URI.create(found[0]);
  }

  /** Follows a started flow's redirect through the authorization server to the callback. */
  private URI callbackOf(HttpResponse<String> started) throws Exception {
    URI authorize = URI.create(started.headers().firstValue("Location").orElseThrow());
    return URI.create(get(browser, authorize, null).headers().firstValue("Location").orElseThrow());
  }

  private String cookie(HttpResponse<String> started) {
    String c = started.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    cookies.add(c.substring(c.indexOf('=') + 1));
    return c;
  }

  private void greet(String name, String reply) throws Exception {
    llm.reply(200, toolCall("demo__greet", "{\\\"name\\\":\\\"" + name + "\\\"}"));
    llm.reply(200, answer(reply));
    sendDm(slack, "greet " + name);
    slack.awaitCall("chat.update", c -> reply.equals(c.param("text")), WAIT);
    assertThat(llm.requests().getLast().body()).contains("Hello, " + name + "!");
  }

  private void revoke(String token) throws Exception {
    HttpResponse<String> r =
        browser.send(
            HttpRequest.newBuilder(URI.create(mcpBase + "/test/revoke?token=" + token))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
  }

  private StoredGrants grants() {
    return new StoredGrants(db.store(), KeyRing.parse("ENCRYPTION_KEY", key));
  }

  /** Tokens, codes, verifiers and cookie values reach no Slack call and no log line. */
  private void assertNoSecrets() {
    List<String> secrets = new ArrayList<>(cookies);
    Matcher m =
        Pattern.compile("(?:code|code_verifier|refresh_token)=([^&]+)")
            .matcher(String.join("&", as.tokenRequests));
    while (m.find()) {
      secrets.add(m.group(1));
    }
    for (int n = 1; n <= 3; n++) {
      secrets.add("access-" + n);
      secrets.add("refresh-" + n);
    }
    String slackCalls = String.join("\n", slack.calls().stream().map(ApiCall::toString).toList());
    String logged = OAuthSlackE2eTest.logged(logs);
    for (String s : secrets) {
      assertThat(slackCalls).doesNotContain(s);
      assertThat(logged).doesNotContain(s);
    }
  }
}
