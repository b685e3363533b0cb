package io.mcpbot.bot.e2e;

import static io.mcpbot.bot.e2e.Rig.ALICE;
import static io.mcpbot.bot.e2e.Rig.WAIT;
import static io.mcpbot.bot.e2e.Rig.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.store.EncryptedColumn;
import io.mcpbot.core.store.StoredCredential;
import io.mcpbot.core.store.User;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** First contact, the App Home and the credential flow, end to end on H2 with real processes. */
class AppHomeE2eTest {
  private static final String TOKEN = "tok_" + "qwertyuiopasdfghjklz";
  private Rig rig;

  @BeforeEach
  void start() throws Exception {
    rig = new Rig(Engine.H2);
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  @Test
  void firstContactCreatesTheUserWithTheirUsersInfoProfile() throws Exception {
    assertThat(rig.store.users().findBySlackId(ALICE)).isEmpty();

    String ts = rig.dm(ALICE, "hello");
    rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("You said: hello"));

    User alice = rig.store.users().findBySlackId(ALICE).orElseThrow();
    assertThat(alice.displayName()).isEqualTo("alice");
    assertThat(alice.realName()).isEqualTo("Alice Liddell");
    assertThat(alice.email()).isEqualTo("alice@example.com");
    assertThat(rig.slack.calls("users.info")).hasSize(1);
  }

  @Test
  void theHomeListsEveryServerWithItsStatus() throws Exception {
    rig.slack.sendEvent(Events.appHomeOpened(ALICE, rig.slack.nextTs()), rig.slack.newEventId(), 0);
    JsonNode view = rig.awaitHome(ALICE, 1);

    assertThat(String.join("\n", texts(view)))
        .contains("*tools*", "Echo and environment dump", "Disabled")
        .contains("*secret*", "Needs a token", "Needs credentials")
        .contains("active tools:* none yet");
    assertThat(actionIds(view, "tools")).containsExactly("mcpbot.enable");
    assertThat(actionIds(view, "secret")).containsExactly("mcpbot.enable_with_credentials");
    // Looking writes nothing of the bot's own: no first contact (the one users.info is the access
    // check's), no event mark.
    assertThat(rig.slack.calls("users.info")).hasSize(1);
    int marked =
        rig.db
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM processed_events")
                        .mapTo(Integer.class)
                        .one());
    assertThat(marked).isZero();
  }

  @Test
  void enableStartsTheUsersProcessAndDisableEndsIt() throws Exception {
    rig.slack.clickButton(ALICE, "mcpbot.enable", "tools", rig.slack.newTrigger());
    JsonNode view = rig.awaitHome(ALICE, 1);

    // prewarmed: the process runs before the user asked anything
    await()
        .atMost(WAIT)
        .until(() -> rig.pool.status(ALICE, "tools") instanceof ServerStatus.Running);
    long pid = ((ServerStatus.Running) rig.pool.status(ALICE, "tools")).pid();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(actionIds(view, "tools")).containsExactly("mcpbot.disable");
    assertThat(String.join("\n", texts(view))).contains("`tools.echo`", "`tools.env_dump`");

    rig.slack.clickButton(ALICE, "mcpbot.disable", "tools", rig.slack.newTrigger());
    JsonNode after = rig.awaitHome(ALICE, 2);

    await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    assertThat(actionIds(after, "tools")).containsExactly("mcpbot.enable");
    assertThat(rig.pool.status(ALICE, "tools")).isInstanceOf(ServerStatus.NotStarted.class);
  }

  @Test
  void credentialsAreCheckedInlineStoredEncryptedAndReachOnlyTheUsersProcess() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger slackSdk = (Logger) LoggerFactory.getLogger("com.slack");
    Level rootBefore = root.getLevel();
    Level sdkBefore = slackSdk.getLevel();
    root.addAppender(logs);
    root.setLevel(Level.DEBUG);
    slackSdk.setLevel(Level.DEBUG);
    try {
      String trigger = rig.slack.newTrigger();
      rig.slack.clickButton(ALICE, "mcpbot.enable_with_credentials", "secret", trigger);
      ApiCall open = rig.slack.awaitCall("views.open", c -> true, WAIT);
      JsonNode modal = open.json("view");
      assertThat(open.param("trigger_id")).isEqualTo(trigger);
      assertThat(modal.path("blocks").get(1).path("hint").path("text").asText())
          .contains("Fixture API token");

      Ack rejected =
          rig.slack.awaitAck(
              rig.slack.submitView(ALICE, modal, Map.of("cred:fixture_token", "tok_TOO_short")),
              WAIT);
      assertThat(rejected.payload().path("response_action").asText()).isEqualTo("errors");
      assertThat(rejected.payload().path("errors").path("cred:fixture_token").asText())
          .contains("Fixture API token");
      assertThat(rig.store.secretColumns().count(EncryptedColumn.CREDENTIAL)).isZero();

      Ack saved =
          rig.slack.awaitAck(
              rig.slack.submitView(ALICE, modal, Map.of("cred:fixture_token", TOKEN)), WAIT);
      assertThat(saved.payload().path("response_action").asText()).isEqualTo("clear");
      JsonNode home = rig.awaitHome(ALICE, 1);
      assertThat(actionIds(home, "secret"))
          .containsExactly(
              "mcpbot.disable", "mcpbot.update_credentials", "mcpbot.remove_credentials");
      rig.slack.awaitCall(
          "chat.postMessage",
          c -> ALICE.equals(c.param("channel")) && c.param("text").contains("Saved"),
          WAIT);
    } finally {
      root.detachAppender(logs);
      root.setLevel(rootBefore);
      slackSdk.setLevel(sdkBefore);
    }

    long aliceId = rig.store.users().findBySlackId(ALICE).orElseThrow().id();
    long serverId = rig.store.servers().findByName("secret").orElseThrow().id();
    StoredCredential stored = rig.store.credentials().findAll(aliceId, serverId).getFirst();
    assertThat(rig.keys.decrypt(stored.encryptedValue())).isEqualTo(TOKEN);
    assertThat(rig.rowsContaining(TOKEN)).isEmpty();
    assertThat(logs.list).hasSizeGreaterThan(10);
    assertThat(logs.list)
        .allSatisfy(
            e -> {
              assertThat(e.getFormattedMessage())
                  .doesNotContain(TOKEN, SlackEmulator.BOT_TOKEN, SlackEmulator.APP_TOKEN);
              if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain(TOKEN);
              }
            });
    assertThat(rig.slack.calls())
        .allSatisfy(c -> assertThat(c.params().toString()).doesNotContain(TOKEN));

    // the process has it, but a tool result echoing it reaches the model and Slack masked
    String ts = rig.dm(ALICE, "env secret");
    String answer = rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("FIXTURE_TOKEN is"));
    assertThat(answer).isEqualTo("FIXTURE_TOKEN is &lt;masked&gt;");
  }

  @Test
  void updateRestartsTheProcessWithTheNewValueDisableKeepsAndRemoveDeletesCredentials()
      throws Exception {
    String first = "tok_" + "a".repeat(20);
    String second = "tok_" + "b".repeat(20);
    rig.users.saveCredentials(ALICE, "secret", Map.of("fixture_token", first));
    String ts = rig.dm(ALICE, "env secret");
    assertThat(rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("FIXTURE_TOKEN is")))
        .isEqualTo("FIXTURE_TOKEN is &lt;masked&gt;"); // its own value; another shows in clear
    long before = ((ServerStatus.Running) rig.pool.status(ALICE, "secret")).pid();

    // Update credentials: the modal, then the user's process restarted with the new value
    rig.slack.clickButton(ALICE, "mcpbot.update_credentials", "secret", rig.slack.newTrigger());
    JsonNode modal = rig.slack.awaitCall("views.open", c -> true, WAIT).json("view");
    Ack saved =
        rig.slack.awaitAck(
            rig.slack.submitView(ALICE, modal, Map.of("cred:fixture_token", second)), WAIT);
    assertThat(saved.payload().path("response_action").asText()).isEqualTo("clear");
    await().atMost(WAIT).until(() -> ProcessHandle.of(before).map(p -> !p.isAlive()).orElse(true));
    String ts2 = rig.dm(ALICE, "env secret");
    assertThat(rig.awaitAnswer(dmChannel(ALICE), ts2, Pattern.compile("FIXTURE_TOKEN is")))
        .isEqualTo("FIXTURE_TOKEN is &lt;masked&gt;"); // the old value would show in clear
    long after = ((ServerStatus.Running) rig.pool.status(ALICE, "secret")).pid();
    assertThat(after).isNotEqualTo(before);
    assertThat(rig.store.secretColumns().count(EncryptedColumn.CREDENTIAL)).isEqualTo(1);

    // Disable: the process ends, the credentials stay
    rig.slack.clickButton(ALICE, "mcpbot.disable", "secret", rig.slack.newTrigger());
    JsonNode disabled = rig.awaitHome(ALICE, 2);
    await().atMost(WAIT).until(() -> ProcessHandle.of(after).map(p -> !p.isAlive()).orElse(true));
    assertThat(rig.store.secretColumns().count(EncryptedColumn.CREDENTIAL)).isEqualTo(1);
    assertThat(actionIds(disabled, "secret"))
        .containsExactly("mcpbot.enable", "mcpbot.update_credentials", "mcpbot.remove_credentials");

    // Enable again needs no modal; Remove credentials deletes them and disables the server
    rig.slack.clickButton(ALICE, "mcpbot.enable", "secret", rig.slack.newTrigger());
    rig.awaitHome(ALICE, 3);
    await()
        .atMost(WAIT)
        .until(() -> rig.pool.status(ALICE, "secret") instanceof ServerStatus.Running);
    long third = ((ServerStatus.Running) rig.pool.status(ALICE, "secret")).pid();
    rig.slack.clickButton(ALICE, "mcpbot.remove_credentials", "secret", rig.slack.newTrigger());
    JsonNode removed = rig.awaitHome(ALICE, 4);
    await().atMost(WAIT).until(() -> ProcessHandle.of(third).map(p -> !p.isAlive()).orElse(true));
    assertThat(rig.store.secretColumns().count(EncryptedColumn.CREDENTIAL)).isZero();
    assertThat(String.join("\n", texts(removed))).contains("Needs credentials");
    assertThat(actionIds(removed, "secret")).containsExactly("mcpbot.enable_with_credentials");
    assertThat(rig.slack.calls("views.open")).hasSize(1);
  }

  @Test
  void aServerThatCannotStartShowsAsFailingWithItsErrorMasked() throws Exception {
    ServerDefinition crashing =
        new StdioServer(
            "crashing",
            Fixtures.JAVA,
            Fixtures.fixtureArgs("crash_at_start"),
            Map.of("FIXTURE_TOKEN", "${FIXTURE_TOKEN}"),
            ServerOptions.NONE
                .withDescription("Dies at start")
                .withCredentials(Rig.secret().requiredCredentials()));
    rig.store.servers().insert("crashing", "Dies at start", ServersConfig.toJson(crashing), true);
    rig.users.saveCredentials(ALICE, "crashing", Map.of("fixture_token", TOKEN));
    await()
        .atMost(WAIT)
        .until(() -> rig.pool.status(ALICE, "crashing") instanceof ServerStatus.Failing);

    rig.slack.sendEvent(Events.appHomeOpened(ALICE, rig.slack.nextTs()), rig.slack.newEventId(), 0);
    String home = String.join("\n", texts(rig.awaitHome(ALICE, 1)));

    assertThat(home).contains("*crashing*", "Failing", "Last error:", "token=&lt;masked&gt;");
    assertThat(home).doesNotContain(TOKEN);
    assertThat(actionIds(rig.awaitHome(ALICE, 1), "crashing"))
        .containsExactly(
            "mcpbot.disable", "mcpbot.update_credentials", "mcpbot.remove_credentials");
  }

  @Test
  void aServerStillStartingIsShownOnTheHomeOnceItIsUp(@TempDir Path dir) throws Exception {
    rig.close();
    rig = new Rig(Engine.H2, Duration.ofMillis(300));
    // The server's process waits on a FIFO before it execs the real MCP server: the test decides
    // when it comes up, well after the Home's 300 ms wait for tools.
    Path gate = dir.resolve("gate");
    assertThat(new ProcessBuilder("mkfifo", gate.toString()).start().waitFor()).isZero();
    List<String> args = new ArrayList<>(List.of("-c", "read go < \"$0\"; shift; exec \"$@\""));
    args.add(gate.toString());
    args.add("-");
    args.add(Fixtures.JAVA);
    args.addAll(Fixtures.fixtureArgs("normal"));
    // the gate is outside the user's directory: the server's sandbox must see it (read-only)
    ServerDefinition gated =
        new StdioServer(
                "gated",
                "/bin/sh",
                args,
                Map.of(),
                ServerOptions.NONE.withDescription("Starts late"))
            .withSandbox(
                new io.mcpbot.core.mcp.sandbox.SandboxPolicy(
                    true,
                    List.of(gate.toString()),
                    List.of(),
                    io.mcpbot.core.mcp.sandbox.SandboxLimits.DEFAULTS),
                false);
    rig.store.servers().insert("gated", "Starts late", ServersConfig.toJson(gated), false);

    rig.slack.clickButton(ALICE, "mcpbot.enable", "gated", rig.slack.newTrigger());
    JsonNode first = rig.awaitHome(ALICE, 1);
    assertThat(String.join("\n", texts(first)))
        .contains("active tools:* starting", "still starting")
        .doesNotContain("`gated.echo`");
    assertThat(actionIds(first, "gated")).containsExactly("mcpbot.disable");

    Files.writeString(gate, "go\n");
    JsonNode second = rig.awaitHome(ALICE, 2);

    assertThat(String.join("\n", texts(second)))
        .contains("`gated.echo`", "`gated.env_dump`")
        .doesNotContain("still starting");
    assertThat(rig.pool.status(ALICE, "gated")).isInstanceOf(ServerStatus.Running.class);
    assertThat(rig.slack.calls("views.publish")).hasSize(2);
  }

  static List<String> texts(JsonNode view) {
    List<String> out = new ArrayList<>();
    view.findValues("text")
        .forEach(t -> out.add(t.isTextual() ? t.asText() : t.path("text").asText()));
    return out;
  }

  static List<String> actionIds(JsonNode view, String server) {
    List<String> out = new ArrayList<>();
    for (JsonNode block : view.path("blocks")) {
      for (JsonNode e : block.path("elements")) {
        if (server.equals(e.path("value").asText())) {
          out.add(e.path("action_id").asText());
        }
      }
    }
    return out;
  }
}
