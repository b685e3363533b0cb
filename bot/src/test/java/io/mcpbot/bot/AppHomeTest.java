package io.mcpbot.bot;

import static io.mcpbot.bot.Harness.ALICE;
import static io.mcpbot.bot.Harness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** App Home and the credential flow through the real Bolt client against the emulator. */
class AppHomeTest {
  private static final String SECRET = "ghp_TopSecret12345";
  private Harness h;

  @BeforeEach
  void start() throws Exception {
    h = new Harness();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private JsonNode awaitHome(int publishes) throws InterruptedException {
    List<ApiCall> calls =
        h.slack.awaitCalls("views.publish", c -> ALICE.equals(c.param("user_id")), publishes, WAIT);
    return calls.get(publishes - 1).json("view");
  }

  private static List<String> texts(JsonNode view) {
    List<String> out = new ArrayList<>();
    view.findValues("text")
        .forEach(t -> out.add(t.isTextual() ? t.asText() : t.path("text").asText()));
    return out;
  }

  private static List<String> actionIdsFor(JsonNode view, String server) {
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

  @Test
  void openingTheHomeListsEveryServerWithStatusAndButtons() throws Exception {
    Ack ack = h.deliver(Events.appHomeOpened(ALICE, h.slack.nextTs()));
    JsonNode view = awaitHome(1);

    assertThat(ack.payload()).isNull();
    assertThat(view.path("type").asText()).isEqualTo("home");
    assertThat(view.path("blocks").size()).isLessThanOrEqualTo(100);
    assertThat(String.join("\n", texts(view)))
        .contains("*everything*", "Echo and friends", "Disabled")
        .contains("*github*", "GitHub issues and pull requests", "Needs credentials")
        .contains("active tools:* none yet");
    assertThat(actionIdsFor(view, "everything")).containsExactly("mcpbot.enable");
    assertThat(actionIdsFor(view, "github")).containsExactly("mcpbot.enable_with_credentials");
    // looking is not first contact: the one users.info is the access check's
    assertThat(h.slack.calls("users.info")).hasSize(1);
  }

  @Test
  void enablingAServerWithoutCredentialsRefreshesTheHome() throws Exception {
    h.slack.clickButton(ALICE, "mcpbot.enable", "everything", h.slack.newTrigger());
    JsonNode view = awaitHome(1);

    assertThat(h.enabled(ALICE)).containsExactly("everything");
    assertThat(actionIdsFor(view, "everything")).containsExactly("mcpbot.disable");
    assertThat(String.join("\n", texts(view)))
        .contains("`everything.echo`", "`everything.add`", "Enabled");
    assertThat(h.slack.calls("views.open")).isEmpty();

    h.slack.clickButton(ALICE, "mcpbot.disable", "everything", h.slack.newTrigger());
    JsonNode after = awaitHome(2);
    assertThat(h.enabled(ALICE)).isEmpty();
    assertThat(actionIdsFor(after, "everything")).containsExactly("mcpbot.enable");
  }

  @Test
  void credentialsGoThroughAModalValidatedInlineAndNeverEcho() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger slackSdk = (Logger) LoggerFactory.getLogger("com.slack");
    Level before = slackSdk.getLevel();
    root.addAppender(logs);
    slackSdk.setLevel(Level.DEBUG);
    try {
      String trigger = h.slack.newTrigger();
      h.slack.clickButton(ALICE, "mcpbot.enable_with_credentials", "github", trigger);
      ApiCall open = h.slack.awaitCall("views.open", c -> true, WAIT);
      JsonNode modal = open.json("view");

      assertThat(open.param("trigger_id")).isEqualTo(trigger);
      assertThat(modal.path("private_metadata").asText()).isEqualTo("github");
      JsonNode input = modal.path("blocks").get(1);
      assertThat(input.path("type").asText()).isEqualTo("input");
      assertThat(input.path("block_id").asText()).isEqualTo("cred:github_token");
      assertThat(input.path("hint").path("text").asText())
          .contains("A personal access token", "format: ghp_[A-Za-z0-9]{8,}");
      assertThat(input.path("element").has("initial_value")).isFalse();

      Ack rejected =
          h.slack.awaitAck(
              h.slack.submitView(ALICE, modal, Map.of("cred:github_token", "not-a-token")), WAIT);
      assertThat(rejected.payload().path("response_action").asText()).isEqualTo("errors");
      assertThat(rejected.payload().path("errors").path("cred:github_token").asText())
          .contains("A personal access token")
          .doesNotContain("not-a-token");
      assertThat(h.storedCredentials(ALICE, "github")).isEmpty();

      Ack saved =
          h.slack.awaitAck(
              h.slack.submitView(ALICE, modal, Map.of("cred:github_token", SECRET)), WAIT);
      assertThat(saved.payload().path("response_action").asText()).isEqualTo("clear");
      assertThat(h.storedCredentials(ALICE, "github")).containsEntry("github_token", SECRET);
      JsonNode view = awaitHome(1);
      assertThat(actionIdsFor(view, "github"))
          .containsExactly(
              "mcpbot.disable", "mcpbot.update_credentials", "mcpbot.remove_credentials");
      ApiCall confirmation =
          h.slack.awaitCall("chat.postMessage", c -> ALICE.equals(c.param("channel")), WAIT);
      assertThat(confirmation.param("text")).contains("Saved your credentials for *github*");
    } finally {
      root.detachAppender(logs);
      slackSdk.setLevel(before);
    }
    assertThat(h.slack.calls())
        .allSatisfy(c -> assertThat(c.params().toString()).doesNotContain(SECRET));
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(SECRET));
  }

  @Test
  void removingCredentialsDisablesTheServer() throws Exception {
    h.core.users.saveCredentials(ALICE, "github", Map.of("github_token", SECRET));
    h.slack.clickButton(ALICE, "mcpbot.remove_credentials", "github", h.slack.newTrigger());
    JsonNode view = awaitHome(1);

    assertThat(h.storedCredentials(ALICE, "github")).isEmpty();
    assertThat(h.enabled(ALICE)).isEmpty();
    assertThat(actionIdsFor(view, "github")).containsExactly("mcpbot.enable_with_credentials");
  }

  @Test
  void enableWhoseCredentialsAreMissingOpensTheModalFromTheBackendsAnswer() throws Exception {
    // A stale Home showed a plain Enable button; core says credentials are needed.
    String trigger = h.slack.newTrigger();
    h.slack.clickButton(ALICE, "mcpbot.enable", "github", trigger);
    ApiCall open = h.slack.awaitCall("views.open", c -> true, WAIT);

    assertThat(open.param("trigger_id")).isEqualTo(trigger);
    assertThat(open.json("view").path("private_metadata").asText()).isEqualTo("github");
    assertThat(h.enabled(ALICE)).isEmpty();
  }

  @Test
  void theOverflowMenuOfTheCompactLayoutRunsItsAction() throws Exception {
    h.slack.chooseOverflow(
        ALICE, "mcpbot.server_menu", "mcpbot.enable:everything", h.slack.newTrigger());
    awaitHome(1);

    assertThat(h.enabled(ALICE)).containsExactly("everything");
  }

  @Test
  void aFailedActionTellsTheUserPrivatelyWithAReference() throws Exception {
    h.slack.clickButton(ALICE, "mcpbot.enable", "no-such-server", h.slack.newTrigger());
    ApiCall reply =
        h.slack.awaitCall("chat.postMessage", c -> ALICE.equals(c.param("channel")), WAIT);

    assertThat(reply.param("text"))
        .startsWith(":warning: Sorry, I could not enable no-such-server.")
        .containsPattern("reference: `[0-9a-f]{8}`");
    assertThat(h.slack.calls("views.publish")).isEmpty();
  }

  @Test
  void aSlowSaveDoesNotDelayTheAcksOfOtherEnvelopes() throws Exception {
    java.util.concurrent.CountDownLatch gate = h.core.holdSaves();
    h.slack.clickButton(ALICE, "mcpbot.update_credentials", "github", h.slack.newTrigger());
    JsonNode modal = h.slack.awaitCall("views.open", c -> true, WAIT).json("view");
    String submission = h.slack.submitView(ALICE, modal, Map.of("cred:github_token", SECRET));
    // while the save is held, other users' events are acked and answered
    String ts = h.slack.nextTs();
    h.deliver(Events.dm(Harness.BOB, Harness.dmChannel(Harness.BOB), "hi", ts, null));
    h.deliver(Events.appHomeOpened(Harness.BOB, h.slack.nextTs()));
    h.awaitAnswer(Harness.dmChannel(Harness.BOB), ts, "You said: hi");
    h.slack.awaitCall("views.publish", c -> Harness.BOB.equals(c.param("user_id")), WAIT);
    assertThat(h.slack.acks()).doesNotContainKey(submission);
    gate.countDown();
    Ack saved = h.slack.awaitAck(submission, WAIT);

    assertThat(saved.payload().path("response_action").asText()).isEqualTo("clear");
  }

  @Test
  void aSlowSaveClosesTheModalInTimeAndConfirmsByDirectMessage() throws Exception {
    h.close();
    h = new Harness(c -> c.submitTimeout(java.time.Duration.ofMillis(300)));
    java.util.concurrent.CountDownLatch gate = h.core.holdSaves();
    h.slack.clickButton(ALICE, "mcpbot.update_credentials", "github", h.slack.newTrigger());
    JsonNode modal = h.slack.awaitCall("views.open", c -> true, WAIT).json("view");
    Ack ack =
        h.slack.awaitAck(
            h.slack.submitView(ALICE, modal, Map.of("cred:github_token", SECRET)), WAIT);

    // the modal was closed while the save was still held
    assertThat(ack.payload()).isNull();
    assertThat(h.storedCredentials(ALICE, "github")).isEmpty();
    gate.countDown();
    ApiCall confirmation =
        h.slack.awaitCall("chat.postMessage", c -> ALICE.equals(c.param("channel")), WAIT);
    assertThat(confirmation.param("text")).contains("Saved your credentials for *github*");
    assertThat(h.storedCredentials(ALICE, "github")).containsEntry("github_token", SECRET);
  }
}
