package io.mcpbot.core.llm;

/**
 * A chat model behind some wire protocol. Implementations are thread-safe and blocking (run them on
 * virtual threads); they retry transient failures themselves and throw {@link LlmException} for
 * everything else.
 */
public interface LlmProvider {
  /** Sends one request and returns the model's answer; never returns null. */
  ChatResponse chat(ChatRequest request);

  /** A short human name for messages and logs, e.g. "OpenAI", "Groq", "Anthropic". */
  String name();
}
