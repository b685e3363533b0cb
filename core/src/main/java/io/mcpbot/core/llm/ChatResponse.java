package io.mcpbot.core.llm;

import java.util.List;
import java.util.Objects;

/**
 * The model's answer to one {@link ChatRequest}: text (null when there was none), the tool calls it
 * asked for (empty when none), why it stopped, and token usage. Immutable and thread-safe.
 */
public record ChatResponse(
    String text, List<ToolCall> toolCalls, StopReason stopReason, TokenUsage usage) {
  public ChatResponse {
    toolCalls = List.copyOf(toolCalls);
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(usage, "usage");
  }

  /** This answer as the assistant message to append to the conversation for the next call. */
  public ChatMessage.Assistant toMessage() {
    return new ChatMessage.Assistant(text == null && toolCalls.isEmpty() ? "" : text, toolCalls);
  }
}
