package io.mcpbot.core.store;

/** One server's tool calls over a period and how many users made them (list-usage). Immutable. */
public record ServerActivity(
    String serverName, long users, long calls, long failures, long totalDurationMs) {}
