package io.mcpbot.core.llm;

/** Tokens billed for one call (0 when the provider did not say). Immutable. */
public record TokenUsage(long inputTokens, long outputTokens) {
  public static final TokenUsage NONE = new TokenUsage(0, 0);

  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0");
    }
  }

  /** The sum of two usages, for totals over a turn. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }
}
