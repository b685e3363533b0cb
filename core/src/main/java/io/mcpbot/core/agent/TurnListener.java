package io.mcpbot.core.agent;

import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import java.time.Duration;

/**
 * Progress of one turn, for the Slack adapter and the terminal to render. Called from the turn's
 * own threads (tool calls may run in parallel, so implementations must be thread-safe); every
 * method defaults to doing nothing and must not throw.
 */
public interface TurnListener {
  /** A listener that ignores everything. */
  TurnListener NONE = new TurnListener() {};

  /** The model is being asked (once per step). */
  default void thinking() {}

  /** A tool call starts on {@code server}. */
  default void toolStarted(String server, String tool) {}

  /** A tool call ended; {@code ok} is false for error results, timeouts and unknown tools. */
  default void toolFinished(String server, String tool, boolean ok, Duration took) {}

  /**
   * A piece of the answer as the model streams it; the pieces of one step concatenate to that
   * step's text. A step whose text ends in tool calls may stream text too.
   */
  default void textDelta(String text) {}

  /**
   * A tool could not run because the user must connect, reconnect or widen their OAuth grant for
   * {@code server}; {@code message} says so in words for the user (no secret). The model is told
   * too; the front end offers the Connect button.
   */
  default void authorizationNeeded(String server, String message) {}

  /**
   * Asks the user whether a tool that may change things may run, and blocks until they decide or
   * {@link ToolApproval#timeout()} passes ({@link ApprovalDecision#NO_ANSWER}). A listener that
   * cannot ask anyone keeps this default, {@link ApprovalDecision#CANNOT_ASK}, and such tools do
   * not run. Unlike the other methods this one may block; it must not throw.
   */
  default ApprovalDecision approve(ToolApproval request) {
    return ApprovalDecision.CANNOT_ASK;
  }

  /**
   * A server asks the user for input during a tool call (MCP elicitation); blocks until the user
   * answers. The default cancels: a front end that cannot ask says nobody answered.
   */
  default ElicitationAnswer elicit(ElicitationRequest request) {
    return ElicitationAnswer.cancel();
  }

  /**
   * The server reported that the URL-mode elicitation {@code elicitationId} is complete (it may
   * arrive while {@link #elicit} still waits, or after it returned).
   */
  default void elicitationComplete(String server, String elicitationId) {}

  /** The final answer is ready (just before {@link TurnRunner#run} returns). */
  default void answerReady() {}
}
