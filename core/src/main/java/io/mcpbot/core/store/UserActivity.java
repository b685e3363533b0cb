package io.mcpbot.core.store;

/**
 * One user's tool calls and model tokens over a period (list-usage per user). Immutable; {@code
 * inputTokens} includes {@code cachedInputTokens}.
 */
public record UserActivity(
    String slackUserId,
    long toolCalls,
    long toolFailures,
    long turns,
    long inputTokens,
    long cachedInputTokens,
    long outputTokens) {}
