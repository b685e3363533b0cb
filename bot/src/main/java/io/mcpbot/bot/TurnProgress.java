package io.mcpbot.bot;

/**
 * Progress callbacks an agent turn reports while it runs; the bot shows them by updating its
 * placeholder message. Thread-safe: callbacks may come from several threads. All default to no-op.
 */
public interface TurnProgress {

  /** The model is thinking (a new LLM round starts). */
  default void thinking() {}

  /** A tool call starts. */
  default void toolStarted(String server, String tool) {}

  /** A tool call ended, successfully or not. */
  default void toolFinished(String server, String tool, boolean ok) {}

  /** The final answer is ready and about to be returned. */
  default void answerReady() {}

  /** A progress sink that ignores everything. */
  TurnProgress NONE = new TurnProgress() {};
}
