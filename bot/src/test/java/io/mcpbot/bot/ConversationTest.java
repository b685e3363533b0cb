package io.mcpbot.bot;

import static io.mcpbot.bot.Harness.ALICE;
import static io.mcpbot.bot.Harness.BOB;
import static io.mcpbot.bot.Harness.WAIT;
import static io.mcpbot.bot.Harness.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.bot.internal.MessageTurns;
import io.mcpbot.core.McpbotException;
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.config.AccessSettings;
import io.mcpbot.core.store.UserProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** DMs and mentions through the real Bolt client against the Slack emulator. */
class ConversationTest {
  private Harness h;

  @BeforeEach
  void start() throws Exception {
    h = new Harness();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void firstContactCreatesTheUserFromUsersInfoOnce() throws Exception {
    String ts = h.dm(ALICE, "hello");
    h.awaitAnswer(dmChannel(ALICE), ts, "You said: hello");
    String ts2 = h.dm(ALICE, "again");
    h.awaitAnswer(dmChannel(ALICE), ts2, "You said: again");

    assertThat(h.profile(ALICE))
        .isEqualTo(new UserProfile("alice", "Alice Liddell", "alice@example.com"));
    assertThat(h.slack.calls("users.info")).hasSize(1);
    assertThat(h.slack.calls("users.info").get(0).param("user")).isEqualTo(ALICE);
  }

  /** Guests and external users allowed: no access rule needs users.info, only first contact. */
  private void permissive() throws Exception {
    h.close();
    h = new Harness(c -> c.access(new AccessSettings(Set.of(), Set.of(), true, true, 2)));
  }

  @Test
  void aFailedUsersInfoStillAnswersAndIsRetriedOnTheNextContact() throws Exception {
    permissive();
    h.slack.failOnce("users.info", "missing_scope");
    String ts = h.dm(ALICE, "hello");
    h.awaitAnswer(dmChannel(ALICE), ts, "You said: hello");
    assertThat(h.profile(ALICE)).isEqualTo(UserProfile.empty());

    String ts2 = h.dm(ALICE, "again");
    h.awaitAnswer(dmChannel(ALICE), ts2, "You said: again");
    String ts3 = h.dm(ALICE, "and again");
    h.awaitAnswer(dmChannel(ALICE), ts3, "You said: and again");

    assertThat(h.profile(ALICE))
        .isEqualTo(new UserProfile("alice", "Alice Liddell", "alice@example.com"));
    assertThat(h.slack.calls("users.info")).hasSize(2);
  }

  @Test
  void aUserSlackDoesNotKnowIsAnsweredAndLookedUpAtMostThreeTimes() throws Exception {
    permissive();
    String stranger = "U0STRANGER";
    for (int i = 0; i < 5; i++) {
      String ts = h.dm(stranger, "n" + i);
      h.awaitAnswer(dmChannel(stranger), ts, "You said: n" + i);
    }

    assertThat(h.profile(stranger)).isEqualTo(UserProfile.empty());
    assertThat(h.slack.calls("users.info")).hasSize(3);
  }

  @Test
  void directMessageIsAnsweredInItsThreadWithPlaceholderFirst() throws Exception {
    String ts = h.dm(ALICE, "what time is it?");
    ApiCall answer = h.awaitAnswer(dmChannel(ALICE), ts, "You said: what time is it?");

    ApiCall placeholder = h.slack.calls("chat.postMessage").get(0);
    assertThat(placeholder.param("text")).isEqualTo("Thinking...");
    assertThat(placeholder.param("thread_ts")).isEqualTo(ts);
    assertThat(answer.at()).isAfterOrEqualTo(placeholder.at());
    assertThat(h.slack.messageText(dmChannel(ALICE), answer.param("ts")))
        .isEqualTo("You said: what time is it?");
    assertThat(h.turns)
        .containsExactly(new TurnInput(ALICE, dmChannel(ALICE), ts, "what time is it?"));
  }

  @Test
  void mentionIsAnsweredOnceInTheThreadAndItsChannelMessageIgnored() throws Exception {
    String ts = h.slack.nextTs();
    String text = "<@" + SlackEmulator.BOT_USER_ID + "> list my issues";
    h.deliver(Events.mention(ALICE, "C0GENERAL", text, ts, null));
    h.deliver(Events.channelMessage(ALICE, "C0GENERAL", text, ts));
    h.awaitAnswer("C0GENERAL", ts, "You said: list my issues");

    // A reply in an existing thread goes to that thread.
    String parent = ts;
    String ts2 = h.slack.nextTs();
    h.deliver(Events.mention(BOB, "C0GENERAL", text + " too", ts2, parent));
    h.slack.awaitCall(
        "chat.update", c -> "You said: list my issues too".equals(c.param("text")), WAIT);

    assertThat(h.turns).hasSize(2);
    assertThat(h.slack.calls("chat.postMessage"))
        .extracting(c -> c.param("thread_ts"))
        .containsExactly(parent, parent);
    assertThat(h.turns.get(1).threadTs()).isEqualTo(parent);
  }

  @Test
  void anEventDeliveredFourTimesIsAnsweredOnce() throws Exception {
    String ts = h.slack.nextTs();
    String eventId = h.slack.newEventId();
    List<String> envelopes = new ArrayList<>();
    for (int attempt = 0; attempt <= 3; attempt++) {
      envelopes.add(
          h.slack.sendEvent(
              Events.dm(ALICE, dmChannel(ALICE), "once", ts, null), eventId, attempt));
    }
    for (String envelope : envelopes) {
      h.slack.awaitAck(envelope, WAIT);
    }
    h.awaitAnswer(dmChannel(ALICE), ts, "You said: once");
    // A later message in the same lane proves the redeliveries were processed (and skipped).
    String ts2 = h.slack.nextTs();
    h.slack.sendEvent(Events.dm(ALICE, dmChannel(ALICE), "next", ts2, ts), h.slack.newEventId(), 0);
    h.slack.awaitCall("chat.update", c -> "You said: next".equals(c.param("text")), WAIT);

    assertThat(h.turns).extracting(TurnInput::text).containsExactly("once", "next");
    assertThat(h.slack.calls("chat.postMessage")).hasSize(2);
  }

  @Test
  void progressIsShownWithChatUpdateBeforeTheAnswer() throws Exception {
    CountDownLatch seen = new CountDownLatch(1);
    h.answerer =
        (req, progress) -> {
          progress.thinking();
          progress.toolStarted("github", "list_issues");
          try {
            // Wait until the test saw the progress line, so the order is certain.
            seen.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          progress.toolFinished("github", "list_issues", true, Duration.ZERO);
          progress.answerReady();
          return "You have **3** open issues.";
        };
    String ts = h.dm(ALICE, "issues?");
    ApiCall progress =
        h.slack.awaitCall(
            "chat.update", c -> "Using `github.list_issues`...".equals(c.param("text")), WAIT);
    seen.countDown();
    ApiCall answer = h.awaitAnswer(dmChannel(ALICE), ts, "You have *3* open issues.");

    assertThat(progress.param("ts")).isEqualTo(answer.param("ts"));
    assertThat(h.slack.messageText(dmChannel(ALICE), answer.param("ts")))
        .isEqualTo("You have *3* open issues.");
  }

  @Test
  void aSlowAnswerDoesNotDelayAcksNorOtherThreads() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    h.answerer =
        (req, progress) -> {
          if (req.text().equals("slow")) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return "done " + req.text();
        };
    String ts = h.slack.nextTs();
    h.deliver(Events.dm(ALICE, dmChannel(ALICE), "slow", ts, null));
    h.slack.awaitCall("chat.postMessage", c -> ts.equals(c.param("thread_ts")), WAIT);
    // While the slow turn runs: more events are acked at once and another thread is answered.
    String ts2 = h.slack.nextTs();
    h.deliver(Events.dm(BOB, dmChannel(BOB), "fast", ts2, null));
    h.awaitAnswer(dmChannel(BOB), ts2, "done fast");
    assertThat(h.slack.calls("chat.update")).noneMatch(c -> "done slow".equals(c.param("text")));
    release.countDown();
    h.awaitAnswer(dmChannel(ALICE), ts, "done slow");
  }

  @Test
  void turnsOfOneThreadRunInOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstStarted = new CountDownLatch(1);
    List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    h.answerer =
        (req, progress) -> {
          started.add(req.text());
          if (req.text().equals("first")) {
            firstStarted.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return "re " + req.text();
        };
    String parent = h.slack.nextTs();
    h.deliver(Events.dm(ALICE, dmChannel(ALICE), "first", parent, null));
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
    h.deliver(Events.dm(ALICE, dmChannel(ALICE), "second", h.slack.nextTs(), parent));
    // The second turn of the same thread waits: its ack came back, but no turn has started.
    assertThat(started).containsExactly("first");
    release.countDown();
    h.slack.awaitCall("chat.update", c -> "re second".equals(c.param("text")), WAIT);

    assertThat(started).containsExactly("first", "second");
    List<String> answers =
        h.slack.calls("chat.update").stream()
            .map(c -> c.param("text"))
            .filter(t -> t.startsWith("re "))
            .toList();
    assertThat(answers).containsExactly("re first", "re second");
  }

  @Test
  void aFailureRepliesWithAReferenceIdAndNoDetails() throws Exception {
    h.answerer =
        (req, progress) -> {
          throw new McpbotException("database password hunter2 rejected");
        };
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger conversations = (Logger) LoggerFactory.getLogger(MessageTurns.class);
    conversations.addAppender(logs);
    String ts;
    ApiCall reply;
    try {
      ts = h.dm(ALICE, "hi");
      reply =
          h.slack.awaitCall(
              "chat.update",
              c -> c.param("text") != null && c.param("text").contains("reference"),
              WAIT);
    } finally {
      conversations.detachAppender(logs);
    }

    assertThat(reply.param("text")).containsPattern("`[0-9a-f]{8}`").doesNotContain("hunter2");
    Matcher ref = Pattern.compile("`([0-9a-f]{8})`").matcher(reply.param("text"));
    assertThat(ref.find()).isTrue();
    // the admin finds the details under the same reference, with the stack trace
    assertThat(logs.list)
        .filteredOn(e -> e.getFormattedMessage().contains("[ref " + ref.group(1) + "]"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.ERROR);
              assertThat(e.getFormattedMessage()).contains(ALICE, dmChannel(ALICE));
              assertThat(e.getThrowableProxy().getClassName())
                  .isEqualTo(McpbotException.class.getName());
            });
    assertThat(h.slack.calls("chat.postMessage")).hasSize(1);
    assertThat(h.slack.messageText(dmChannel(ALICE), reply.param("ts")))
        .isEqualTo(reply.param("text"));
    assertThat(h.slack.calls("chat.postMessage").get(0).param("thread_ts")).isEqualTo(ts);
  }

  @Test
  void rateLimitedCallsAreRetriedAfterRetryAfter() throws Exception {
    h.slack.rateLimitOnce("chat.postMessage", 1);
    String ts = h.dm(ALICE, "hello");
    h.awaitAnswer(dmChannel(ALICE), ts, "You said: hello");

    List<ApiCall> posts =
        h.slack.calls().stream().filter(c -> c.method().equals("chat.postMessage")).toList();
    assertThat(posts).hasSize(2);
    assertThat(posts.get(0).rateLimited()).isTrue();
    assertThat(posts.get(1).rateLimited()).isFalse();
    assertThat(Duration.between(posts.get(0).at(), posts.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void rateLimitedUpdatesAndHomePublishesAreRetriedAfterRetryAfter() throws Exception {
    h.slack.rateLimitOnce("chat.update", 1);
    h.slack.rateLimitOnce("views.publish", 1);
    String ts = h.dm(ALICE, "hello");
    h.awaitAnswer(dmChannel(ALICE), ts, "You said: hello");
    h.deliver(Events.appHomeOpened(ALICE, h.slack.nextTs()));
    h.slack.awaitCall("views.publish", c -> ALICE.equals(c.param("user_id")), WAIT);

    for (String method : List.of("chat.update", "views.publish")) {
      List<ApiCall> calls =
          h.slack.calls().stream().filter(c -> c.method().equals(method)).toList();
      assertThat(calls).as(method).hasSize(2);
      assertThat(calls.get(0).rateLimited()).as(method).isTrue();
      assertThat(calls.get(1).rateLimited()).as(method).isFalse();
      assertThat(calls.get(1).params()).as(method).isEqualTo(calls.get(0).params());
      assertThat(Duration.between(calls.get(0).at(), calls.get(1).at()))
          .as(method)
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
    assertThat(
            h.slack.messageText(dmChannel(ALICE), h.slack.calls("chat.update").get(0).param("ts")))
        .isEqualTo("You said: hello");
  }

  @Test
  void aLongAnswerContinuesInFollowUpMessages() throws Exception {
    StringBuilder answer = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      answer.append("Paragraph ").append(i).append(' ').append("word ".repeat(30)).append("\n\n");
    }
    answer.append("```\n").append("code line\n".repeat(300)).append("```\n");
    String text = answer.toString();
    h.answerer = (req, progress) -> req.text().equals("long please") ? text : "short";
    String ts = h.dm(ALICE, "long please");
    h.slack.awaitCall("chat.update", c -> c.param("text").startsWith("Paragraph 0"), WAIT);
    // A reply in the same thread is answered after every part of the long answer is out.
    h.slack.sendEvent(
        Events.dm(ALICE, dmChannel(ALICE), "next", h.slack.nextTs(), ts), h.slack.newEventId(), 0);
    h.slack.awaitCall("chat.update", c -> "short".equals(c.param("text")), WAIT);
    List<ApiCall> posts =
        h.slack.calls("chat.postMessage").stream()
            .filter(c -> ts.equals(c.param("thread_ts")) && !"Thinking...".equals(c.param("text")))
            .toList();

    List<String> texts = new ArrayList<>();
    String placeholder = h.slack.calls("chat.update").get(0).param("ts");
    texts.add(h.slack.messageText(dmChannel(ALICE), placeholder));
    posts.forEach(p -> texts.add(p.param("text")));
    assertThat(texts).hasSizeGreaterThanOrEqualTo(3);
    // Slack's limit for one section's text
    assertThat(texts).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(3000));
    assertThat(texts).allSatisfy(t -> assertThat(t.split("```", -1).length % 2).isEqualTo(1));
    assertThat(String.join("\n", texts)).contains("Paragraph 39");
    assertThat(texts.get(texts.size() - 1)).endsWith("```");
  }

  @Test
  void botsEditsJoinsOwnAndChannelMessagesAreIgnored() throws Exception {
    String d = dmChannel(ALICE);
    List<Ack> acks = new ArrayList<>();
    acks.add(h.deliver(Events.botMessage(d, "beep", h.slack.nextTs())));
    acks.add(h.deliver(Events.appMessage(d, "U0OTHERAPP", "from an app", h.slack.nextTs())));
    acks.add(h.deliver(Events.ownMessage(d, "my own words", h.slack.nextTs())));
    acks.add(h.deliver(Events.edit(ALICE, d, h.slack.nextTs(), "edited", h.slack.nextTs())));
    acks.add(h.deliver(Events.join(ALICE, "C0GENERAL", h.slack.nextTs())));
    acks.add(h.deliver(Events.channelMessage(ALICE, "C0GENERAL", "chatting", h.slack.nextTs())));
    String ts = h.dm(ALICE, "real question");
    h.awaitAnswer(d, ts, "You said: real question");

    assertThat(acks).hasSize(6).allSatisfy(a -> assertThat(a.payload()).isNull());
    assertThat(h.turns).extracting(TurnInput::text).containsExactly("real question");
    assertThat(h.slack.calls("chat.postMessage")).hasSize(1);
  }

  @Test
  void afterSlackAsksForAReconnectEventsStillArrive() throws Exception {
    h.slack.requestReconnect();
    assertThat(h.slack.awaitConnections(2, WAIT)).isTrue();
    h.slack.awaitCalls("apps.connections.open", c -> true, 2, WAIT);
    String ts = h.dm(ALICE, "still there?");
    h.awaitAnswer(dmChannel(ALICE), ts, "You said: still there?");

    assertThat(h.turns).hasSize(1);
  }

  @Test
  void manyUsersAtOnceAreEachAnsweredOnce() throws Exception {
    int users = 30;
    List<String> envelopes = new ArrayList<>();
    List<String> threads = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String user = String.format("U%08d", i);
      h.slack.addUser(new SlackUser(user, "u" + i, "User " + i, "u" + i, user + "@example.com"));
    }
    for (int i = 0; i < users; i++) {
      String user = String.format("U%08d", i);
      String ts = h.slack.nextTs();
      threads.add(ts);
      envelopes.add(
          h.slack.sendEvent(
              Events.dm(user, dmChannel(user), "n" + i, ts, null), h.slack.newEventId(), 0));
    }
    for (String envelope : envelopes) {
      assertThat(h.slack.awaitAck(envelope, WAIT).payload()).isNull();
    }
    h.slack.awaitCalls("chat.update", c -> c.param("text").startsWith("You said: n"), users, WAIT);

    assertThat(h.turns).hasSize(users);
    assertThat(h.slack.calls("chat.postMessage"))
        .extracting(c -> c.param("thread_ts"))
        .containsExactlyInAnyOrderElementsOf(threads);
    for (int i = 0; i < users; i++) {
      assertThat(h.storedUser(String.format("U%08d", i))).isPresent();
    }
  }

  @Test
  void progressUpdatesAreCoalescedToTheLatest() throws Exception {
    h.close();
    h = new Harness(c -> c.pacing(Duration.ofSeconds(1), Harness.WAIT));
    CountDownLatch seen = new CountDownLatch(1);
    h.answerer =
        (req, progress) -> {
          progress.toolStarted("s", "a");
          progress.toolStarted("s", "b");
          progress.toolStarted("s", "c");
          try {
            seen.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "ok";
        };
    String ts = h.dm(ALICE, "go");
    h.slack.awaitCall("chat.update", c -> "Using `s.c`...".equals(c.param("text")), WAIT);
    seen.countDown();
    h.awaitAnswer(dmChannel(ALICE), ts, "ok");

    assertThat(h.slack.calls("chat.update"))
        .extracting(c -> c.param("text"))
        .containsExactly("Using `s.c`...", "ok");
  }
}
