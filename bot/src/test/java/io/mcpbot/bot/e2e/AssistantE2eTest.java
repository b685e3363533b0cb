package io.mcpbot.bot.e2e;

import static io.mcpbot.bot.e2e.Rig.ALICE;
import static io.mcpbot.bot.e2e.Rig.WAIT;
import static io.mcpbot.bot.e2e.Rig.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.users.EnableOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack's AI app split view: a new assistant thread is greeted with prompts from the user's enabled
 * servers; a turn in it sets the status and clears it, and titles the thread after its first
 * message; the answer goes to that thread; the model hears which channel the user is viewing. Real
 * Bolt against the emulator and a model over HTTP.
 */
class AssistantE2eTest {
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

  @Test
  void aNewThreadIsGreetedWithPromptsFromTheEnabledServers() throws Exception {
    String thread = rig.slack.nextTs();
    rig.slack.sendEvent(
        Events.assistantThreadStarted(ALICE, thread, "C0GENERAL"), rig.slack.newEventId(), 0);

    ApiCall greeting =
        rig.slack.awaitCall(
            "chat.postMessage",
            c -> dmChannel(ALICE).equals(c.param("channel")) && thread.equals(c.param("thread_ts")),
            WAIT);
    assertThat(greeting.param("text")).contains("Ask me anything");
    ApiCall prompts = rig.slack.awaitCall("assistant.threads.setSuggestedPrompts", c -> true, WAIT);
    assertThat(prompts.param("channel_id")).isEqualTo(dmChannel(ALICE));
    assertThat(prompts.param("thread_ts")).isEqualTo(thread);
    List<String> titles = new ArrayList<>();
    for (JsonNode p : prompts.json("prompts")) {
      titles.add(p.path("title").asText());
    }
    assertThat(titles).containsExactly("Use tools", "My tools");
  }

  @Test
  void theModelHearsTheChannelTheUserViewsNowAndAPlainDmHearsNone() throws Exception {
    String thread = startThread("C0GENERAL");
    inThread(thread, "what is here?");
    assertThat(systemMessages("what is here?"))
        .last()
        .isEqualTo("The user is viewing channel <#C0GENERAL> in Slack.");

    viewing(thread, "C0RANDOM");
    inThread(thread, "and now?");
    List<String> system = systemMessages("and now?");
    assertThat(system).hasSize(2);
    assertThat(system.get(1)).isEqualTo("The user is viewing channel <#C0RANDOM> in Slack.");
    assertThat(system.get(0)).doesNotContain("C0GENERAL", "C0RANDOM");
    // told, never stored as if the user had said it: the history sent back holds no note
    assertThat(lastRequest("and now?").path("messages").toString()).doesNotContain("C0GENERAL");

    String plain = rig.dm(ALICE, "just a dm");
    rig.awaitAnswer(dmChannel(ALICE), plain, Pattern.compile("You said: just a dm"));
    assertThat(systemMessages("just a dm")).hasSize(1).noneMatch(m -> m.contains("viewing"));
  }

  /** Alice opens the assistant view while viewing {@code channel}; returns the greeted thread. */
  private String startThread(String channel) throws InterruptedException {
    String thread = rig.slack.nextTs();
    rig.slack.sendEvent(
        Events.assistantThreadStarted(ALICE, thread, channel), rig.slack.newEventId(), 0);
    rig.slack.awaitCall("assistant.threads.setSuggestedPrompts", c -> true, WAIT);
    return thread;
  }

  /** Alice switches to {@code channel} with the thread open; returns once the event is acked. */
  private void viewing(String thread, String channel) throws InterruptedException {
    rig.slack.awaitAck(
        rig.slack.sendEvent(
            Events.assistantThreadContextChanged(ALICE, thread, channel),
            rig.slack.newEventId(),
            0),
        WAIT);
  }

  private void inThread(String thread, String text) throws InterruptedException {
    rig.slack.sendEvent(
        Events.dm(ALICE, dmChannel(ALICE), text, rig.slack.nextTs(), thread),
        rig.slack.newEventId(),
        0);
    rig.awaitAnswer(dmChannel(ALICE), thread, Pattern.compile(Pattern.quote("You said: " + text)));
  }

  /** The model request that answered {@code text}: the one whose last message it is. */
  private JsonNode lastRequest(String text) {
    return rig.llm.requests().stream()
        .filter(
            r ->
                text.equals(
                    r.path("messages").get(r.path("messages").size() - 1).path("content").asText()))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no model request ends with " + text));
  }

  private List<String> systemMessages(String text) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : lastRequest(text).path("messages")) {
      if ("system".equals(m.path("role").asText())) {
        out.add(m.path("content").asText());
      }
    }
    return out;
  }

  @Test
  void aTurnInTheThreadShowsAStatusClearsItAndTitlesTheThreadOnce() throws Exception {
    String thread = startThread(null);
    viewing(thread, "C0RANDOM");

    String ts = rig.slack.nextTs();
    rig.slack.sendEvent(
        Events.dm(ALICE, dmChannel(ALICE), "echo  first   question", ts, thread),
        rig.slack.newEventId(),
        0);
    String answer = rig.awaitAnswer(dmChannel(ALICE), thread, Pattern.compile("Tool said: "));
    assertThat(answer).startsWith("Tool said:").endsWith("question");
    ApiCall cleared =
        rig.slack.awaitCall("assistant.threads.setStatus", c -> "".equals(c.param("status")), WAIT);
    assertThat(cleared.param("thread_ts")).isEqualTo(thread);
    List<ApiCall> statuses = rig.slack.calls("assistant.threads.setStatus");
    assertThat(statuses.getFirst().param("status")).isEqualTo("is working on it...");
    assertThat(statuses.getLast().param("status")).isEmpty();
    ApiCall title = rig.slack.awaitCall("assistant.threads.setTitle", c -> true, WAIT);
    assertThat(title.param("title")).isEqualTo("echo first question");

    String next = rig.slack.nextTs();
    rig.slack.sendEvent(
        Events.dm(ALICE, dmChannel(ALICE), "echo again", next, thread), rig.slack.newEventId(), 0);
    rig.awaitAnswer(dmChannel(ALICE), thread, Pattern.compile("Tool said: again"));
    rig.slack.awaitCalls("assistant.threads.setStatus", c -> "".equals(c.param("status")), 2, WAIT);
    assertThat(rig.slack.calls("assistant.threads.setTitle")).hasSize(1);

    // a plain DM outside the assistant view gets its thread, without assistant calls
    String plain = rig.dm(ALICE, "hello");
    rig.awaitAnswer(dmChannel(ALICE), plain, Pattern.compile("You said: hello"));
    assertThat(rig.slack.calls("assistant.threads.setStatus"))
        .noneMatch(c -> plain.equals(c.param("thread_ts")));
  }
}
