package io.mcpbot.core.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** OpenAI Chat Completions response bodies for scripting a {@code FakeLlmServer}. */
public final class OpenAiReplies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiReplies() {}

  /** One tool call the scripted model asks for; {@code arguments} is the raw JSON text. */
  public record Call(String id, String name, String arguments) {}

  /** A final text answer. */
  public static String text(String content) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", content);
    return completion(message, "stop");
  }

  /** A response asking for {@code calls}, in order. */
  public static String tools(Call... calls) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant");
    message.putNull("content");
    ArrayNode array = message.putArray("tool_calls");
    for (Call c : calls) {
      ObjectNode o = array.addObject().put("id", c.id()).put("type", "function");
      o.putObject("function").put("name", c.name()).put("arguments", c.arguments());
    }
    return completion(message, "tool_calls");
  }

  public static Call call(String id, String name, String arguments) {
    return new Call(id, name, arguments);
  }

  private static String completion(ObjectNode message, String finish) {
    ObjectNode root =
        JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion");
    root.put("model", "gpt-test");
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.put("finish_reason", finish);
    root.putObject("usage")
        .put("prompt_tokens", 10)
        .put("completion_tokens", 5)
        .put("total_tokens", 15);
    return root.toString();
  }
}
