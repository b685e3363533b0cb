package io.mcpbot.core.store;

import java.time.Instant;

/**
 * A conversation: one user in one channel and thread. Immutable; {@code threadTs} is {@code ""}
 * outside a thread, never null.
 */
public record Conversation(
    long id,
    long userId,
    String channelId,
    String threadTs,
    Instant createdAt,
    Instant lastMessageAt) {}
