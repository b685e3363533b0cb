package io.mcpbot.core.agent;

import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.mcp.ServerProblem;
import java.util.List;
import java.util.Objects;

/**
 * What one turn produced. Immutable.
 *
 * @param answer the text to show the user (never null; already mentions unavailable servers)
 * @param unavailable enabled servers that could not run for this user, and why
 * @param steps how many times the model was asked
 * @param toolCalls how many tool calls ran
 * @param usage tokens the provider reported over all steps
 */
public record TurnResult(
    String answer, List<ServerProblem> unavailable, int steps, int toolCalls, TokenUsage usage) {
  public TurnResult {
    Objects.requireNonNull(answer, "answer");
    unavailable = List.copyOf(unavailable);
    usage = usage == null ? TokenUsage.NONE : usage;
  }
}
