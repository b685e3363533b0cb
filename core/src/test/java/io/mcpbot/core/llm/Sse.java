package io.mcpbot.core.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Streamed answers in each provider's server-sent event format, built from the pieces of text a
 * model would send, for fake provider servers in tests and benchmarks.
 */
public final class Sse {
  /** The header that makes a fake server's reply a stream. */
  public static final Map<String, String> HEADERS = Map.of("content-type", "text/event-stream");

  private static final ObjectMapper JSON = new ObjectMapper();

  private Sse() {}

  /** One Chat Completions chunk whose delta carries {@code piece}. */
  public static String openAiPiece(String piece) {
    ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chunk");
    chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", piece);
    return "data: " + chunk + "\n\n";
  }

  /** The chunks after the text: finish reason, usage, [DONE]. */
  public static String openAiEnd(String finishReason, long in, long cached, long out) {
    ObjectNode finish = JSON.createObjectNode();
    finish
        .putArray("choices")
        .addObject()
        .put("index", 0)
        .put("finish_reason", finishReason)
        .putObject("delta");
    ObjectNode usage = JSON.createObjectNode();
    usage.putArray("choices");
    usage
        .putObject("usage")
        .put("prompt_tokens", in)
        .put("completion_tokens", out)
        .putObject("prompt_tokens_details")
        .put("cached_tokens", cached);
    return "data: " + finish + "\n\n" + "data: " + usage + "\n\ndata: [DONE]\n\n";
  }

  /** A whole Chat Completions text answer streamed in {@code pieces}. */
  public static String openAiText(List<String> pieces) {
    StringBuilder out = new StringBuilder();
    pieces.forEach(p -> out.append(openAiPiece(p)));
    return out.append(openAiEnd("stop", 10, 0, pieces.size())).toString();
  }

  /** The events before an Anthropic answer's first text piece. */
  public static String anthropicStart(long in, long cacheRead, long cacheWrite) {
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    ObjectNode message = start.putObject("message").put("id", "msg_1").put("role", "assistant");
    message
        .putObject("usage")
        .put("input_tokens", in)
        .put("output_tokens", 1)
        .put("cache_read_input_tokens", cacheRead)
        .put("cache_creation_input_tokens", cacheWrite);
    return event("message_start", start.toString())
        + event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
        + event("ping", "{\"type\":\"ping\"}");
  }

  /** One Anthropic text delta of block 0. */
  public static String anthropicPiece(String piece) {
    ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
    delta.putObject("delta").put("type", "text_delta").put("text", piece);
    return event("content_block_delta", delta.toString());
  }

  /** The events after the text: block stop, stop reason and output usage, message_stop. */
  public static String anthropicEnd(String stopReason, long out) {
    return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
        + event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
                + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
                + out
                + "}}")
        + event("message_stop", "{\"type\":\"message_stop\"}");
  }

  /** A whole Anthropic text answer streamed in {@code pieces}. */
  public static String anthropicText(List<String> pieces) {
    StringBuilder out = new StringBuilder(anthropicStart(10, 0, 0));
    pieces.forEach(p -> out.append(anthropicPiece(p)));
    return out.append(anthropicEnd("end_turn", pieces.size())).toString();
  }

  /** An Anthropic tool_use block at {@code index} whose input JSON arrives in two pieces. */
  public static String anthropicToolUse(int index, String id, String name, String inputJson) {
    ObjectNode start = JSON.createObjectNode().put("type", "content_block_start");
    start
        .put("index", index)
        .putObject("content_block")
        .put("type", "tool_use")
        .put("id", id)
        .put("name", name)
        .putObject("input");
    int half = inputJson.length() / 2;
    return event("content_block_start", start.toString())
        + jsonDelta(index, inputJson.substring(0, half))
        + jsonDelta(index, inputJson.substring(half))
        + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  private static String jsonDelta(int index, String partial) {
    ObjectNode delta =
        JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
    delta.putObject("delta").put("type", "input_json_delta").put("partial_json", partial);
    return event("content_block_delta", delta.toString());
  }

  /** A Chat Completions chunk asking for one tool call at {@code index}, arguments whole. */
  public static String openAiToolCall(int index, String id, String name, String arguments) {
    ObjectNode chunk = JSON.createObjectNode();
    ObjectNode call =
        chunk
            .putArray("choices")
            .addObject()
            .put("index", 0)
            .putObject("delta")
            .putArray("tool_calls")
            .addObject()
            .put("index", index)
            .put("id", id)
            .put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
    return "data: " + chunk + "\n\n";
  }

  public static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }
}
