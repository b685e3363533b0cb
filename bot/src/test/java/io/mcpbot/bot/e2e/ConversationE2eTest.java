package io.mcpbot.bot.e2e;

import static io.mcpbot.bot.e2e.Rig.ALICE;
import static io.mcpbot.bot.e2e.Rig.WAIT;
import static io.mcpbot.bot.e2e.Rig.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.users.EnableOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Mentions, DMs, threads and a slow model, end to end on H2 with real processes. */
class ConversationE2eTest {
  private static final String CHANNEL = "C0GENERAL";
  private Rig rig;

  @BeforeEach
  void start() throws Exception {
    rig = new Rig(Engine.H2);
    assertThat(rig.users.enable(ALICE, "tools")).isInstanceOf(EnableOutcome.Enabled.class);
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  private String mention(String user, String text, String threadTs) throws InterruptedException {
    String ts = rig.slack.nextTs();
    String body = "<@" + SlackEmulator.BOT_USER_ID + "> " + text;
    Ack ack =
        rig.slack.awaitAck(
            rig.slack.sendEvent(
                Events.mention(user, CHANNEL, body, ts, threadTs), rig.slack.newEventId(), 0),
            WAIT);
    assertThat(ack.payload()).isNull();
    // Slack also delivers the mention as a channel message: it must be ignored.
    rig.slack.awaitAck(
        rig.slack.sendEvent(
            Events.channelMessage(user, CHANNEL, body, ts), rig.slack.newEventId(), 0),
        WAIT);
    return ts;
  }

  @Test
  void aMentionIsAnsweredOnceInItsThreadWithTheToolResult() throws Exception {
    String ts = mention(ALICE, "echo hello from the channel", null);

    String answer =
        rig.awaitAnswer(CHANNEL, ts, Pattern.compile("Tool said: hello from the channel"));

    assertThat(answer).isEqualTo("Tool said: hello from the channel");
    List<ApiCall> posts = rig.slack.calls("chat.postMessage");
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).param("thread_ts")).isEqualTo(ts);
    assertThat(posts.get(0).param("text")).isEqualTo("Thinking...");
    assertThat(rig.slack.calls("chat.update"))
        .extracting(c -> c.param("text"))
        .contains("Using `tools.echo`...");
    assertThat(rig.llm.requests()).hasSize(2);
  }

  @Test
  void aDirectMessageIsAnsweredInItsThread() throws Exception {
    String ts = rig.dm(ALICE, "what can you do?");

    String answer = rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("You said"));

    assertThat(answer).isEqualTo("You said: what can you do? (user messages seen: 1)");
    JsonNode request = rig.llm.requests().getFirst();
    List<String> tools = new ArrayList<>();
    request.path("tools").forEach(t -> tools.add(t.path("function").path("name").asText()));
    assertThat(tools).contains("tools__echo", "tools__env_dump");
  }

  @Test
  void aFollowUpInTheThreadCarriesTheHistory() throws Exception {
    String ts = mention(ALICE, "remember the number 42", null);
    rig.awaitAnswer(CHANNEL, ts, Pattern.compile("user messages seen: 1"));

    mention(ALICE, "what was the number?", ts);
    String answer = rig.awaitAnswer(CHANNEL, ts, Pattern.compile("user messages seen: 2"));

    assertThat(answer).isEqualTo("You said: what was the number? (user messages seen: 2)");
    JsonNode followUp = rig.llm.requests().getLast();
    List<String> contents = new ArrayList<>();
    followUp.path("messages").forEach(m -> contents.add(m.path("content").asText()));
    assertThat(contents)
        .contains(
            "remember the number 42",
            "You said: remember the number 42 (user messages seen: 1)",
            "what was the number?");
    // a new top-level message starts a fresh conversation
    String other = mention(ALICE, "fresh start", null);
    rig.awaitAnswer(CHANNEL, other, Pattern.compile("fresh start \\(user messages seen: 1\\)"));
  }

  @Test
  void aFailingModelGetsAFriendlyReplyWithTheReferenceOfTheLogLine() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    String reply;
    try {
      String ts = rig.dm(ALICE, "fail");
      reply = rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("reference"));
    } finally {
      root.detachAppender(logs);
    }

    Matcher ref = Pattern.compile("`([0-9a-f]{8})`").matcher(reply);
    assertThat(ref.find()).as(reply).isTrue();
    assertThat(reply).startsWith(":warning: Sorry").doesNotContain("500", "scripted model");
    ILoggingEvent line =
        logs.list.stream()
            .filter(e -> e.getFormattedMessage().startsWith("[ref " + ref.group(1) + "]"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no log line with the reference"));
    assertThat(line.getFormattedMessage()).contains("turn failed", ALICE);
    assertThat(line.getThrowableProxy()).isNotNull();
    assertThat(logs.list)
        .allSatisfy(
            e -> {
              assertThat(e.getFormattedMessage())
                  .doesNotContain("sk-e2e-not-a-real-key", SlackEmulator.BOT_TOKEN);
              if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage())
                    .doesNotContain("sk-e2e-not-a-real-key");
              }
            });
  }

  @Test
  void aSlowModelDoesNotDelayTheAckOfTheNextEvent() throws Exception {
    // the model holds this turn until the test releases it (standing in for a 20 s answer)
    String ts = rig.slack.nextTs();
    String slow =
        rig.slack.sendEvent(
            Events.dm(ALICE, dmChannel(ALICE), "slow", ts, null), rig.slack.newEventId(), 0);
    assertThat(rig.llm.awaitSlowStarted(30)).isTrue();

    // While the model holds the turn, its own ack and those of new events (a lane behind it, and
    // the Home) come back: none waits for the answer. (How fast: bench/SlackBench.)
    assertThat(rig.slack.awaitAck(slow, WAIT).payload()).isNull();
    for (int i = 0; i < 5; i++) {
      String envelope =
          rig.slack.sendEvent(
              Events.dm(ALICE, dmChannel(ALICE), "next " + i, rig.slack.nextTs(), null),
              rig.slack.newEventId(),
              0);
      assertThat(rig.slack.awaitAck(envelope, WAIT).payload()).isNull();
    }
    String home =
        rig.slack.sendEvent(
            Events.appHomeOpened(ALICE, rig.slack.nextTs()), rig.slack.newEventId(), 0);
    assertThat(rig.slack.awaitAck(home, WAIT).payload()).isNull();

    assertThat(rig.slack.calls("chat.postMessage"))
        .extracting(c -> c.param("text"))
        .contains("Thinking...");
    assertThat(rig.slack.calls("chat.update"))
        .extracting(c -> c.param("text"))
        .doesNotContain("finally done");
    rig.llm.releaseSlow();
    assertThat(rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("finally done")))
        .isEqualTo("finally done");
  }
}
