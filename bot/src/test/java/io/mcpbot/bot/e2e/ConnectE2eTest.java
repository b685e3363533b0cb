package io.mcpbot.bot.e2e;

import static io.mcpbot.bot.e2e.AppHomeE2eTest.actionIds;
import static io.mcpbot.bot.e2e.AppHomeE2eTest.texts;
import static io.mcpbot.bot.e2e.Rig.ALICE;
import static io.mcpbot.bot.e2e.Rig.WAIT;
import static io.mcpbot.bot.e2e.Rig.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.ConnectLinks;
import io.mcpbot.bot.SlackBot;
import io.mcpbot.bot.TestCore;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.agent.TurnListener;
import io.mcpbot.core.agent.TurnResult;
import io.mcpbot.core.agent.TurnRunner;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.oauth.OAuthConnections;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connecting a remote server that needs OAuth, from Slack: the App Home's Connect, Reconnect and
 * Disconnect, the confirmation after the callback, the mid-turn prompt, and PUBLIC_URL unset. Real
 * Bolt against the emulator; the OAuth protocol itself is core's and stands in here as a double.
 */
class ConnectE2eTest {
  private static final String GRANT_TOKEN = "ghs_NOT_FOR_SLACK_0123456789";
  private final StubConnections oauth = new StubConnections();
  private TestCore core;
  private SlackEmulator slack;
  private SlackBot bot;

  /** Status per server, disconnects recorded; begin/complete belong to the HTTP side's tests. */
  static final class StubConnections implements OAuthConnections {
    final Map<String, Status> status = new ConcurrentHashMap<>();
    final List<String> disconnected = new CopyOnWriteArrayList<>();

    @Override
    public AuthorizationStart begin(String userId, RemoteServer server, String binding) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Completion complete(String state, String code, String error, String binding) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Status status(String userId, RemoteServer server) {
      return status.getOrDefault(server.name(), Status.NOT_REQUIRED);
    }

    @Override
    public void disconnect(String userId, RemoteServer server) {
      disconnected.add(userId + " " + server.name());
      status.put(server.name(), Status.NOT_CONNECTED);
    }
  }

  static final ConnectLinks LINKS =
      (user, server) ->
          Optional.of(
              URI.create(
                  "https://bot.example.test/oauth/start?u=" + user + "&s=" + server + "&sig=x"));

  private void start(ConnectLinks links, TurnRunner turns) throws Exception {
    core =
        new TestCore(
            Engine.H2,
            Rig.tools(),
            new RemoteServer(
                "github",
                "https://mcp.example.test/mcp",
                // a secret the server's definition holds must not reach any view or message
                Map.of("X-Static-Token", GRANT_TOKEN),
                ServerOptions.NONE.withDescription("GitHub's MCP server")),
            new RemoteServer("plain", "https://plain.example.test/mcp", Map.of(), null));
    slack = SlackEmulator.start();
    slack.addUser(new SlackUser(ALICE, "alice", "Alice Liddell", "alice", "alice@example.com"));
    bot = new SlackBot(Rig.config(slack).build(), core.services(turns), oauth, links);
    bot.start();
  }

  @AfterEach
  void stop() {
    if (bot != null) {
      bot.stop();
      slack.close();
      core.close();
    }
  }

  private JsonNode openHome(int n) throws InterruptedException {
    slack.sendEvent(Events.appHomeOpened(ALICE, slack.nextTs()), slack.newEventId(), 0);
    return awaitHome(n);
  }

  private JsonNode awaitHome(int n) throws InterruptedException {
    List<ApiCall> calls =
        slack.awaitCalls("views.publish", c -> ALICE.equals(c.param("user_id")), n, WAIT);
    return calls.getLast().json("view");
  }

  private static JsonNode button(JsonNode view, String server, String actionId) {
    for (JsonNode block : view.path("blocks")) {
      for (JsonNode e : block.path("elements")) {
        if (server.equals(e.path("value").asText())
            && actionId.equals(e.path("action_id").asText())) {
          return e;
        }
      }
    }
    throw new AssertionError("no " + actionId + " button for " + server + " in " + view);
  }

  private void assertNoSecretReachedSlack() {
    for (ApiCall c : slack.calls()) {
      assertThat(c.toString()).doesNotContain(GRANT_TOKEN);
    }
  }

  @Test
  void theHomeOffersConnectAsASignedUrlButtonOnlyWhereOAuthIsNeeded() throws Exception {
    oauth.status.put("github", OAuthConnections.Status.NOT_CONNECTED);
    start(LINKS, TurnRunnerStub.ANSWER);

    JsonNode view = openHome(1);

    assertThat(actionIds(view, "github")).containsExactly("mcpbot.enable", "mcpbot.connect");
    assertThat(button(view, "github", "mcpbot.connect").path("url").asText())
        .isEqualTo("https://bot.example.test/oauth/start?u=" + ALICE + "&s=github&sig=x");
    assertThat(actionIds(view, "plain")).containsExactly("mcpbot.enable");
    assertThat(actionIds(view, "tools")).containsExactly("mcpbot.enable");
    assertThat(String.join("\n", texts(view))).contains("Connect your account to use it");

    // Slack sends block_actions for a URL button too: acked, nothing else
    String envelope = slack.clickButton(ALICE, "mcpbot.connect", "github", slack.newTrigger());
    assertThat(slack.awaitAck(envelope, WAIT)).isNotNull();
    assertThat(slack.calls("chat.postMessage")).isEmpty();
  }

  @Test
  void afterTheCallbackTheHomeShowsDisconnectAndTheUserIsTold() throws Exception {
    oauth.status.put("github", OAuthConnections.Status.NOT_CONNECTED);
    start(LINKS, TurnRunnerStub.ANSWER);
    openHome(1);

    oauth.status.put("github", OAuthConnections.Status.CONNECTED);
    bot.connected(ALICE, "github");

    JsonNode view = awaitHome(2);
    assertThat(actionIds(view, "github")).containsExactly("mcpbot.enable", "mcpbot.disconnect");
    assertThat(String.join("\n", texts(view))).contains("Connected to your account");
    ApiCall told = slack.awaitCall("chat.postMessage", c -> ALICE.equals(c.param("channel")), WAIT);
    assertThat(told.param("text")).contains("Connected *github*");
    assertNoSecretReachedSlack();
  }

  @Test
  void disconnectRevokesThroughCoreAndTheHomeOffersConnectAgain() throws Exception {
    oauth.status.put("github", OAuthConnections.Status.NEEDS_RECONNECT);
    start(LINKS, TurnRunnerStub.ANSWER);
    JsonNode before = openHome(1);
    assertThat(actionIds(before, "github"))
        .containsExactly("mcpbot.enable", "mcpbot.connect", "mcpbot.disconnect");
    assertThat(button(before, "github", "mcpbot.connect").path("text").path("text").asText())
        .isEqualTo("Reconnect");

    slack.clickButton(ALICE, "mcpbot.disconnect", "github", slack.newTrigger());

    JsonNode after = awaitHome(2);
    assertThat(oauth.disconnected).containsExactly(ALICE + " github");
    assertThat(actionIds(after, "github")).containsExactly("mcpbot.enable", "mcpbot.connect");
  }

  @Test
  void withoutPublicUrlConnectExplainsWhatTheOperatorMustSet() throws Exception {
    oauth.status.put("github", OAuthConnections.Status.NOT_CONNECTED);
    start(ConnectLinks.NONE, TurnRunnerStub.ANSWER);
    JsonNode view = openHome(1);

    JsonNode connect = button(view, "github", "mcpbot.connect_unavailable");
    assertThat(connect.has("url")).isFalse();
    slack.clickButton(ALICE, "mcpbot.connect_unavailable", "github", slack.newTrigger());

    ApiCall told = slack.awaitCall("chat.postMessage", c -> ALICE.equals(c.param("channel")), WAIT);
    assertThat(told.param("text")).contains("*github*", "PUBLIC_URL", "admin");
  }

  @Test
  void midTurnTheUserGetsAPrivateConnectButtonOncePerServer() throws Exception {
    start(LINKS, TurnRunnerStub.NEEDS_GITHUB);

    // in a DM: a normal message in the thread
    String ts = slack.nextTs();
    slack.sendEvent(
        Events.dm(ALICE, dmChannel(ALICE), "my issues?", ts, null), slack.newEventId(), 0);
    ApiCall dm =
        slack.awaitCall(
            "chat.postMessage",
            c -> c.param("text") != null && c.param("text").contains("connect your account"),
            WAIT);
    assertThat(dm.param("channel")).isEqualTo(dmChannel(ALICE));
    assertThat(dm.param("thread_ts")).isEqualTo(ts);
    assertThat(dm.json("blocks").toString())
        .contains("https://bot.example.test/oauth/start?u=" + ALICE + "&s=github");

    // in a channel: ephemeral, only Alice sees it
    String cts = slack.nextTs();
    slack.sendEvent(
        Events.mention(
            ALICE, "C0PUBLIC1", "<@" + SlackEmulator.BOT_USER_ID + "> issues?", cts, null),
        slack.newEventId(),
        0);
    ApiCall ephemeral = slack.awaitCall("chat.postEphemeral", c -> true, WAIT);
    assertThat(ephemeral.param("channel")).isEqualTo("C0PUBLIC1");
    assertThat(ephemeral.param("user")).isEqualTo(ALICE);
    assertThat(ephemeral.json("blocks").toString()).contains("mcpbot.connect", "oauth/start");

    // each turn announced github twice (parallel calls): one prompt per turn
    await()
        .atMost(WAIT)
        .until(
            () ->
                slack.calls("chat.update").stream().filter(TurnRunnerStub::answered).count() == 2);
    long prompts =
        slack.calls("chat.postMessage").stream()
                .filter(c -> c.param("text") != null && c.param("text").contains("connect your"))
                .count()
            + slack.calls("chat.postEphemeral").size();
    assertThat(prompts).isEqualTo(2);
    assertNoSecretReachedSlack();
  }

  @Test
  void aMidTurnPromptRepublishesTheHomeWithReconnectWithoutItBeingOpened() throws Exception {
    oauth.status.put("github", OAuthConnections.Status.CONNECTED);
    // the grant is refused mid-turn: core marks it for reconnecting and the turn says so twice
    start(
        LINKS,
        (input, listener) -> {
          oauth.status.put("github", OAuthConnections.Status.NEEDS_RECONNECT);
          return TurnRunnerStub.NEEDS_GITHUB.run(input, listener);
        });
    JsonNode before = openHome(1);
    assertThat(actionIds(before, "github")).containsExactly("mcpbot.enable", "mcpbot.disconnect");

    slack.sendEvent(
        Events.dm(ALICE, dmChannel(ALICE), "my issues?", slack.nextTs(), null),
        slack.newEventId(),
        0);

    JsonNode after = awaitHome(2);
    assertThat(button(after, "github", "mcpbot.connect").path("text").path("text").asText())
        .isEqualTo("Reconnect");
    List<ApiCall> calls = slack.calls();
    int prompt = -1;
    int republished = -1;
    for (int i = 0; i < calls.size(); i++) {
      ApiCall c = calls.get(i);
      if (prompt < 0 && String.valueOf(c.param("text")).contains("connect your account")) {
        prompt = i;
      }
      if ("views.publish".equals(c.method()) && ALICE.equals(c.param("user_id"))) {
        republished = i;
      }
    }
    assertThat(prompt).isNotNegative();
    assertThat(republished).isGreaterThan(prompt);
    // once per turn and server, though the turn met github twice
    await()
        .atMost(WAIT)
        .until(() -> slack.calls("chat.update").stream().anyMatch(TurnRunnerStub::answered));
    assertThat(slack.calls("views.publish")).hasSize(2);
    assertNoSecretReachedSlack();
  }

  /** Turn runners standing in for the agent. */
  enum TurnRunnerStub implements TurnRunner {
    ANSWER,
    NEEDS_GITHUB;

    static final String REPLY = "You need to connect github first.";

    static boolean answered(ApiCall c) {
      return REPLY.equals(c.param("text"));
    }

    @Override
    public TurnResult run(TurnInput input, TurnListener listener) {
      if (this == NEEDS_GITHUB) {
        String why = "server 'github' needs you to connect your account";
        listener.authorizationNeeded("github", why);
        listener.authorizationNeeded("github", why);
      }
      return new TurnResult(REPLY, List.of(), 1, 0, io.mcpbot.core.llm.TokenUsage.NONE);
    }
  }
}
