package io.mcpbot.core.llm;

import java.util.List;
import java.util.Objects;

/**
 * One message of a provider-neutral conversation. Immutable and thread-safe; every component is
 * non-null except {@link Assistant#text()}.
 */
public sealed interface ChatMessage {

  /** Instructions for the model. Anthropic gets these as the top-level {@code system} field. */
  record System(String text) implements ChatMessage {
    public System {
      Objects.requireNonNull(text, "text");
    }
  }

  /** What the human wrote. */
  record User(String text) implements ChatMessage {
    public User {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * What the model answered: text (null when it only called tools) and the tool calls it asked for,
   * in order (empty when none).
   */
  record Assistant(String text, List<ToolCall> toolCalls) implements ChatMessage {
    public Assistant {
      toolCalls = List.copyOf(toolCalls);
      if (text == null && toolCalls.isEmpty()) {
        throw new IllegalArgumentException("an assistant message needs text or tool calls");
      }
    }

    /** A text-only answer. */
    public static Assistant text(String text) {
      return new Assistant(Objects.requireNonNull(text, "text"), List.of());
    }
  }

  /**
   * The outcome of one tool call, answered to the model under the call's id. {@code isError} marks
   * a failed call so the model can react (Anthropic {@code is_error}; OpenAI has no such flag, so
   * the content is prefixed with "Error: ").
   */
  record ToolResult(String toolCallId, String toolName, String content, boolean isError)
      implements ChatMessage {
    public ToolResult {
      Objects.requireNonNull(toolCallId, "toolCallId");
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(content, "content");
    }
  }
}
