package io.mcpbot.core.llm;

import java.util.List;
import java.util.Objects;

/**
 * One call to a chat model: the model id, the conversation so far, the tools offered (may be
 * empty), the output token limit (> 0; Anthropic requires one) and an optional temperature (null =
 * provider default). Immutable and thread-safe.
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    List<ToolDefinition> tools,
    int maxTokens,
    Double temperature) {
  public ChatRequest {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be > 0, got " + maxTokens);
    }
  }
}
