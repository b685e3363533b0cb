package io.mcpbot.core.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.ToolCall;

/** A tool call's arguments text as the provider sent it, parsed for a {@link ToolCall}. */
public final class ToolArguments {
  private ToolArguments() {}

  /**
   * The JSON object in {@code text}: {@code {}} when blank, {@code {"_raw": text}} when it is not a
   * JSON object, so the agent can tell the model what was wrong.
   */
  public static JsonNode parse(ObjectMapper mapper, String text) {
    if (text.isBlank()) {
      return mapper.createObjectNode();
    }
    try {
      JsonNode parsed = mapper.readTree(text);
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (Exception notJson) {
      // kept raw below
    }
    return mapper.createObjectNode().put(ToolCall.RAW_ARGUMENTS, text);
  }
}
