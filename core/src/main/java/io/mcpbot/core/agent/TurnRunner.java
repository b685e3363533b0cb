package io.mcpbot.core.agent;

/**
 * Answers one user message with the LLM calling that user's tools, persisting the whole exchange.
 * The seam between the front ends (Slack bot, {@code mcpbot chat}) and the agent. Implementations
 * are thread-safe; turns of different users run concurrently, and callers serialise turns of one
 * conversation.
 */
public interface TurnRunner {
  /**
   * Runs one turn to its final answer.
   *
   * @throws io.mcpbot.core.McpbotException when the turn cannot complete (provider rejected the
   *     key, database down); the message is safe to log and never contains a secret
   */
  TurnResult run(TurnInput input, TurnListener listener);
}
