package io.mcpbot.core.llm;

import java.util.function.Consumer;

/**
 * A chat model behind some wire protocol. Implementations are thread-safe and blocking (run them on
 * virtual threads); they retry transient failures themselves and throw {@link LlmException} for
 * everything else.
 */
public interface LlmProvider {
  /**
   * Sends one request and streams the answer: {@code onText} receives the pieces of the answer's
   * text as they arrive (on the calling thread; they concatenate to {@link ChatResponse#text()}),
   * then the whole answer is returned; never returns null. A stream that breaks after it started
   * throws {@link LlmException.Kind#CUT_OFF}. The default, for models that cannot stream, hands
   * over the whole text as one piece.
   */
  default ChatResponse chat(ChatRequest request, Consumer<String> onText) {
    ChatResponse response = chat(request);
    if (response.text() != null && !response.text().isEmpty()) {
      onText.accept(response.text());
    }
    return response;
  }

  /** Sends one request and returns the model's answer; never returns null. */
  ChatResponse chat(ChatRequest request);

  /** A short human name for messages and logs, e.g. "OpenAI", "Groq", "Anthropic". */
  String name();
}
