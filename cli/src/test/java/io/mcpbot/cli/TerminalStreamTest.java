package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.agent.TurnListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What `mcpbot chat` prints while an answer streams. */
class TerminalStreamTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TerminalStream stream =
      new TerminalStream(new PrintStream(bytes, true, StandardCharsets.UTF_8), TurnListener.NONE);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void piecesArePrintedAsTheyComeAndTheAnswersNotesFollow() {
    stream.begin();
    stream.thinking();
    stream.textDelta("Let me look.");
    assertThat(printed()).isEqualTo("Let me look.");
    stream.thinking();
    stream.textDelta("It is ");
    stream.textDelta("sunny.");
    stream.end("It is sunny.\n\nNote: github is unavailable: no token");

    assertThat(printed())
        .isEqualTo(
            "Let me look.\n\nIt is sunny.\n\nNote: github is unavailable: no token"
                + System.lineSeparator());
  }

  @Test
  void aTurnThatBreaksAfterTextEndsWithTheNoteAndOneWithoutTextPrintsNothing() {
    stream.begin();
    stream.broken();
    assertThat(printed()).isEmpty();

    stream.begin();
    stream.thinking();
    stream.textDelta("Half");
    stream.broken();
    assertThat(printed()).isEqualTo("Half\n" + TerminalStream.CUT_OFF + System.lineSeparator());
  }

  @Test
  void anAnswerThatWasNotStreamedIsPrintedWhole() {
    stream.begin();
    stream.end("whole");
    assertThat(printed()).isEqualTo("whole" + System.lineSeparator());
  }
}
