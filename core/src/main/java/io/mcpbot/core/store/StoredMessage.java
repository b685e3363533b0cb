package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One persisted chat message. Immutable; {@code content}, {@code toolCallsJson} (the assistant's
 * tool calls as JSON) and {@code toolCallId} (which call a tool result answers) may be null; {@code
 * isError} marks a failed tool call's result (false for every other row).
 */
public record StoredMessage(
    long id,
    long conversationId,
    MessageRole role,
    String content,
    String toolCallsJson,
    String toolCallId,
    boolean isError,
    Instant createdAt) {
  public StoredMessage {
    Objects.requireNonNull(role, "role");
  }
}
