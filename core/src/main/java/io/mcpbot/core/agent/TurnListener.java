package io.mcpbot.core.agent;

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

  /** The final answer is ready (just before {@link TurnRunner#run} returns). */
  default void answerReady() {}
}
