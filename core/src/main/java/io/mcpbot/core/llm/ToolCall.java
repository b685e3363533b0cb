package io.mcpbot.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One tool invocation the model asked for. {@code arguments} is the JSON object the model wrote;
 * when a provider sent arguments that are not valid JSON they arrive as {@code {"_raw": "..."}} so
 * the caller can report the problem back to the model. Treat the node as read-only; thread-safe as
 * long as nobody mutates it.
 */
public record ToolCall(String id, String name, JsonNode arguments) {
  /** Key under which unparseable arguments text is kept. */
  public static final String RAW_ARGUMENTS = "_raw";

  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }

  /** True when the provider's arguments were not valid JSON (see {@link #RAW_ARGUMENTS}). */
  public boolean hasMalformedArguments() {
    return arguments.isObject() && arguments.size() == 1 && arguments.has(RAW_ARGUMENTS);
  }
}
