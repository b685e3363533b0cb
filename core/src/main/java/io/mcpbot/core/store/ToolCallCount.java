package io.mcpbot.core.store;

/** Tool-call totals for one server and tool over a period. Immutable. */
public record ToolCallCount(
    String serverName, String toolName, long calls, long failures, long totalDurationMs) {}
