package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited tool call: who, which tool, when, how long, outcome and argument size, never the
 * argument values. Immutable; {@code conversationId} and {@code errorMessage} may be null; the
 * error message is cut to {@value #MAX_ERROR} characters.
 */
public record ToolCallAudit(
    long userId,
    Long conversationId,
    String serverName,
    String toolName,
    Instant startedAt,
    long durationMs,
    boolean ok,
    String errorMessage,
    int argumentBytes) {
  public static final int MAX_ERROR = 500;

  public ToolCallAudit {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(startedAt, "startedAt");
    if (durationMs < 0 || argumentBytes < 0) {
      throw new IllegalArgumentException("durationMs and argumentBytes must be >= 0");
    }
    if (errorMessage != null && errorMessage.length() > MAX_ERROR) {
      errorMessage = errorMessage.substring(0, MAX_ERROR - 1) + "…";
    }
  }
}
