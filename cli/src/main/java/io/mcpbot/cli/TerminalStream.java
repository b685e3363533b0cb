package io.mcpbot.cli;

import io.mcpbot.core.agent.ApprovalDecision;
import io.mcpbot.core.agent.ToolApproval;
import io.mcpbot.core.agent.TurnListener;
import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import io.mcpbot.core.mcp.Elicitor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Function;

/**
 * {@code mcpbot chat}'s view of a turn: the answer printed to stdout piece by piece as the model
 * streams it (as Slack shows it), progress lines to the given listener (stderr). A turn that fails
 * after text was printed ends with a note that the answer was cut off. One turn at a time; the
 * agent may call it from tool threads, so the methods are synchronized.
 */
final class TerminalStream implements TurnListener {
  static final String CUT_OFF = "[the answer was cut off before it was finished]";

  private final PrintStream out;
  private final TurnListener progress;
  private final StringBuilder lastStep = new StringBuilder();
  private boolean printed;
  private boolean newStep;
  private volatile Function<ToolApproval, ApprovalDecision> approval =
      r -> ApprovalDecision.CANNOT_ASK;

  TerminalStream(PrintStream out, TurnListener progress) {
    this.out = out;
    this.progress = progress;
  }

  /** Where {@link #approve} asks (the chat's {@link TerminalApproval}); returns this. */
  TerminalStream approveVia(Function<ToolApproval, ApprovalDecision> ask) {
    this.approval = ask;
    return this;
  }

  // not synchronized: it blocks on the user, and other tool calls keep reporting meanwhile
  @Override
  public ApprovalDecision approve(ToolApproval request) {
    return approval.apply(request);
  }

  private volatile Elicitor questions = Elicitor.CANCEL;

  /** Who answers servers' questions (the terminal's {@link TerminalQuestions}); returns this. */
  TerminalStream askWith(Elicitor asker) {
    this.questions = asker;
    return this;
  }

  // not synchronized: it waits for the user while other tool threads report progress
  @Override
  public ElicitationAnswer elicit(ElicitationRequest request) {
    return questions.elicit(request);
  }

  /** Before a turn. */
  synchronized void begin() {
    lastStep.setLength(0);
    printed = false;
    newStep = false;
  }

  @Override
  public synchronized void thinking() {
    newStep = true;
    lastStep.setLength(0);
    progress.thinking();
  }

  @Override
  public synchronized void toolStarted(String server, String tool) {
    progress.toolStarted(server, tool);
  }

  @Override
  public synchronized void toolFinished(String server, String tool, boolean ok, Duration took) {
    progress.toolFinished(server, tool, ok, took);
  }

  @Override
  public synchronized void authorizationNeeded(String server, String message) {
    progress.authorizationNeeded(server, message);
  }

  @Override
  public synchronized void textDelta(String text) {
    if (newStep && printed) {
      out.print("\n\n");
    }
    newStep = false;
    printed = true;
    lastStep.append(text);
    out.print(text);
    out.flush();
  }

  /** After the turn: what the answer adds to the streamed text (its notes), then a newline. */
  synchronized void end(String answer) {
    String step = lastStep.toString();
    if (!printed) {
      out.println(answer);
    } else if (!step.isEmpty() && answer.startsWith(step)) {
      out.println(answer.substring(step.length()));
    } else {
      out.println("\n\n" + answer);
    }
    out.flush();
  }

  /** After a failed turn: ends streamed text with the cut-off note. */
  synchronized void broken() {
    if (printed) {
      out.println("\n" + CUT_OFF);
      out.flush();
    }
  }
}
