package io.mcpbot.bot;

import static io.mcpbot.bot.Harness.ALICE;
import static io.mcpbot.bot.Harness.WAIT;
import static io.mcpbot.bot.Harness.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.core.agent.TurnListener;
import io.mcpbot.core.llm.LlmException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers streamed into the thread through the real Bolt client against the emulator: Slack's own
 * stream where the app may use it, else chat.update of the placeholder; a broken stream ends with a
 * note.
 */
class StreamingTest {
  private static final List<String> PIECES = List.of("The **answer** ", "comes ", "in pieces.");
  private static final String ANSWER = String.join("", PIECES);
  private Harness h;

  @BeforeEach
  void start() throws Exception {
    h = new Harness();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  /** Streams the pieces, each after Slack showed the one before, with a tool status between. */
  private void streamPieces(TurnListener listener, String method, int upTo) {
    listener.thinking();
    for (int i = 0; i < upTo; i++) {
      if (i == 1) {
        listener.toolStarted("fx", "echo");
      }
      String piece = PIECES.get(i);
      String word = piece.strip().replaceAll(".*\\s", "").replace("*", "");
      listener.textDelta(piece);
      try {
        h.slack.awaitCall(
            method,
            c -> {
              String shown = c.param(method.equals("chat.update") ? "text" : "markdown_text");
              return shown != null && shown.contains(word);
            },
            WAIT);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void withSlackStreamingTheAnswerArrivesInSeveralAppendsAndEndsAsTheModelWroteIt()
      throws Exception {
    h.slack.supportStreaming();
    h.answerer =
        (input, listener) -> {
          streamPieces(listener, "chat.appendStream", PIECES.size());
          return ANSWER + "\n\nNote: github is unavailable: no token";
        };

    String ts = h.dm(ALICE, "stream please");
    ApiCall stop = h.slack.awaitCall("chat.stopStream", c -> true, WAIT);

    ApiCall start = h.slack.calls("chat.startStream").get(0);
    assertThat(start.param("thread_ts")).isEqualTo(ts);
    assertThat(start.param("recipient_user_id")).isEqualTo(ALICE);
    assertThat(start.param("recipient_team_id")).isEqualTo(SlackEmulator.TEAM_ID);
    assertThat(h.slack.calls("chat.appendStream"))
        .extracting(c -> c.param("markdown_text"))
        .containsExactlyElementsOf(PIECES);
    assertThat(stop.param("markdown_text")).isEqualTo("\n\nNote: github is unavailable: no token");
    String streamTs = start.param("ts") == null ? stop.param("ts") : start.param("ts");
    assertThat(h.slack.messageText(dmChannel(ALICE), streamTs))
        .isEqualTo(ANSWER + "\n\nNote: github is unavailable: no token");
    // the placeholder carried the status, then went away: one answer in the thread
    assertThat(h.slack.calls("chat.update"))
        .extracting(c -> c.param("text"))
        .contains("Using `fx.echo`...")
        .noneMatch(t -> t.contains("pieces"));
    h.slack.awaitCall("chat.delete", c -> true, WAIT);
    assertThat(h.slack.repliesIn(dmChannel(ALICE), ts)).containsExactly(streamTs);
  }

  @Test
  void withSlackStreamingABrokenStreamEndsWithTheNote() throws Exception {
    h.slack.supportStreaming();
    h.answerer =
        (input, listener) -> {
          streamPieces(listener, "chat.appendStream", 2);
          throw new LlmException(LlmException.Kind.CUT_OFF, "The answer from X was cut off");
        };

    h.dm(ALICE, "stream please");
    ApiCall stop = h.slack.awaitCall("chat.stopStream", c -> true, WAIT);

    String text = h.slack.messageText(dmChannel(ALICE), stop.param("ts"));
    assertThat(text).startsWith("The **answer** comes \n\n:warning: _The answer was cut off");
    assertThat(text).doesNotContain("from X"); // the provider's words stay in the log
  }

  @Test
  void withoutSlackStreamingTheAnswerStreamsIntoThePlaceholder() throws Exception {
    h.answerer =
        (input, listener) -> {
          streamPieces(listener, "chat.update", PIECES.size());
          return ANSWER;
        };

    String ts = h.dm(ALICE, "stream please");
    h.awaitAnswer(dmChannel(ALICE), ts, "The *answer* comes in pieces.");

    assertThat(h.slack.calls("chat.startStream")).hasSize(1); // asked once, refused
    assertThat(h.slack.calls("chat.update"))
        .extracting(c -> c.param("text"))
        .filteredOn(t -> t.startsWith("The *answer*") && !t.contains("pieces"))
        .hasSizeGreaterThanOrEqualTo(2);
    String second = h.dm(ALICE, "again");
    h.awaitAnswer(dmChannel(ALICE), second, "The *answer* comes in pieces.");
    assertThat(h.slack.calls("chat.startStream")).hasSize(1); // not asked again
  }

  @Test
  void withoutSlackStreamingABrokenStreamEndsWithTheNote() throws Exception {
    h.answerer =
        (input, listener) -> {
          streamPieces(listener, "chat.update", 2);
          throw new LlmException(LlmException.Kind.CUT_OFF, "cut off");
        };

    String ts = h.dm(ALICE, "stream please");

    ApiCall last =
        h.slack.awaitCall(
            "chat.update", c -> c.param("text").contains("The answer was cut off"), WAIT);
    assertThat(last.param("text")).startsWith("The *answer* comes \n\n:warning:");
    assertThat(h.slack.messageText(dmChannel(ALICE), last.param("ts")))
        .isEqualTo(last.param("text"));
    assertThat(h.slack.repliesIn(dmChannel(ALICE), ts)).hasSize(1);
  }
}
