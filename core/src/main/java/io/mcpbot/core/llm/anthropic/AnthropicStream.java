package io.mcpbot.core.llm.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.HttpLlmProvider;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.llm.internal.StreamError;
import io.mcpbot.core.llm.internal.ToolArguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One streamed Messages API answer: message_start (input usage), content blocks built from their
 * text_delta and input_json_delta pieces, message_delta (stop reason, output usage), message_stop,
 * and error events. Not thread-safe; one per response.
 */
final class AnthropicStream implements HttpLlmProvider.StreamDecoder {
  private final ObjectMapper mapper;
  private final Consumer<String> onText;
  private final StringBuilder text = new StringBuilder();
  private final Map<Integer, Block> tools = new TreeMap<>();
  private JsonNode startUsage;
  private String stopReason = "";
  private long outputTokens;

  /** A tool_use block being assembled. */
  private record Block(String id, String name, StringBuilder json) {}

  AnthropicStream(ObjectMapper mapper, Consumer<String> onText) {
    this.mapper = mapper;
    this.onText = onText;
  }

  @Override
  public boolean onEvent(String event, String data) {
    JsonNode e = parse(data);
    String type = e.path("type").asText(event == null ? "" : event);
    switch (type) {
      case "message_start" -> {
        startUsage = e.path("message").path("usage");
        outputTokens = startUsage.path("output_tokens").asLong(0);
      }
      case "content_block_start" -> {
        JsonNode block = e.path("content_block");
        if ("tool_use".equals(block.path("type").asText())) {
          tools.put(
              e.path("index").asInt(),
              new Block(
                  block.path("id").asText(), block.path("name").asText(), new StringBuilder()));
        } else if (block.path("text").isTextual() && !block.path("text").asText().isEmpty()) {
          piece(block.path("text").asText());
        }
      }
      case "content_block_delta" -> {
        JsonNode delta = e.path("delta");
        switch (delta.path("type").asText()) {
          case "text_delta" -> piece(delta.path("text").asText(""));
          case "input_json_delta" -> {
            Block block = tools.get(e.path("index").asInt());
            if (block != null) {
              block.json().append(delta.path("partial_json").asText(""));
            }
          }
          default -> {} // thinking and signatures carry nothing the caller uses
        }
      }
      case "message_delta" -> {
        stopReason = e.path("delta").path("stop_reason").asText(stopReason);
        outputTokens = e.path("usage").path("output_tokens").asLong(outputTokens);
      }
      case "message_stop" -> {
        return true;
      }
      case "error" -> throw new StreamError(status(e.path("error").path("type").asText()), data);
      default -> {} // ping, content_block_stop, and events added later
    }
    return false;
  }

  private void piece(String s) {
    if (!s.isEmpty()) {
      text.append(s);
      onText.accept(s);
    }
  }

  private JsonNode parse(String data) {
    try {
      return mapper.readTree(data);
    } catch (Exception notJson) {
      throw new LlmException(
          LlmException.Kind.MALFORMED,
          200,
          "Anthropic streamed an event that is not JSON: check ANTHROPIC_BASE_URL",
          null);
    }
  }

  /** The HTTP status Anthropic documents for each error type. */
  private static int status(String errorType) {
    return switch (errorType) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "overloaded_error" -> 529;
      default -> 500;
    };
  }

  @Override
  public ChatResponse finish() {
    List<ToolCall> calls = new ArrayList<>();
    for (Block b : tools.values()) {
      calls.add(new ToolCall(b.id(), b.name(), ToolArguments.parse(mapper, b.json().toString())));
    }
    ObjectNode usage = startUsage == null ? mapper.createObjectNode() : startUsage.deepCopy();
    usage.put("output_tokens", outputTokens);
    TokenUsage tokens = AnthropicCodec.usage(usage);
    return new ChatResponse(
        text.isEmpty() ? null : text.toString(),
        calls,
        AnthropicCodec.stopReason(stopReason, !calls.isEmpty()),
        tokens);
  }
}
