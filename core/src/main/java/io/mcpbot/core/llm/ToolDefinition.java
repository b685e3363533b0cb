package io.mcpbot.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A tool offered to the model: its name, a description (may be empty, never null) and the JSON
 * schema of its input object. Immutable as long as nobody mutates the schema node.
 */
public record ToolDefinition(String name, String description, JsonNode inputSchema) {
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("tool name must not be blank");
    }
    description = description == null ? "" : description;
    Objects.requireNonNull(inputSchema, "inputSchema");
  }
}
