package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;

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
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(createdAt, "createdAt");
    if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0");
    }
  }
}
