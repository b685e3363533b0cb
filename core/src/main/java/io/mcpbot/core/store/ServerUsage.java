package io.mcpbot.core.store;

/** How many users have a server enabled (the guide's "check server usage" query). Immutable. */
public record ServerUsage(String name, long userCount) {}
