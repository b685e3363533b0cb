package io.mcpbot.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tool of one of a user's servers, named for an LLM: {@code qualifiedName} is unique in the
 * user's catalog and matches {@code ^[a-zA-Z0-9_-]{1,64}$}. Immutable; {@code inputSchema} is never
 * null (an empty object schema when the server gave none) and must not be mutated.
 */
public record McpTool(
    String qualifiedName, String server, String tool, String description, JsonNode inputSchema) {
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

  public McpTool {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(inputSchema, "inputSchema");
    if (qualifiedName == null || !NAME.matcher(qualifiedName).matches()) {
      throw new IllegalArgumentException("tool name must match " + NAME + ": " + qualifiedName);
    }
    description = description == null ? "" : description;
  }
}
