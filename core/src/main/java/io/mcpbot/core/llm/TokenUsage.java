package io.mcpbot.core.llm;

/**
 * Tokens billed for one call (0 when the provider did not say). {@code inputTokens} counts every
 * input token, including the {@code cachedInputTokens} the provider served from its prompt cache
 * (OpenAI's {@code cached_tokens}, Anthropic's {@code cache_read_input_tokens}). Immutable.
 */
public record TokenUsage(long inputTokens, long outputTokens, long cachedInputTokens) {
  public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0");
    }
  }

  /** Usage without cache information. */
  public TokenUsage(long inputTokens, long outputTokens) {
    this(inputTokens, outputTokens, 0);
  }

  /** The sum of two usages, for totals over a turn. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cachedInputTokens + other.cachedInputTokens);
  }
}
