package io.mcpbot.core.store;

import io.mcpbot.core.Require;
import java.time.Instant;

/**
 * Tokens one answered turn cost, summed over its model calls: input (including the cached part),
 * cached input and output, with the provider and model that answered. Immutable; {@code
 * conversationId} may be null (the conversation was purged).
 */
public record TurnUsage(
    long userId,
    Long conversationId,
    String provider,
    String model,
    long inputTokens,
    long cachedInputTokens,
    long outputTokens,
    Instant createdAt) {
  public TurnUsage {
    Require.nonNull("provider, model, createdAt", provider, model, createdAt);
    if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0");
    }
  }
}
