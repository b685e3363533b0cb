package io.mcpbot.core.llm.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.HttpLlmProvider;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.StopReason;
import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.llm.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Maps the neutral model to and from the Messages API wire format. Stateless. */
final class AnthropicCodec implements HttpLlmProvider.Codec {
  private final ObjectMapper mapper;

  AnthropicCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public ObjectNode encode(ChatRequest request) {
    ObjectNode body = mapper.createObjectNode();
    body.put("model", request.model());
    body.put("max_tokens", request.maxTokens());
    List<String> system = new ArrayList<>();
    ArrayNode messages = mapper.createArrayNode();
    for (ChatMessage message : request.messages()) {
      switch (message) {
        case ChatMessage.System s -> system.add(s.text());
        case ChatMessage.User u -> append(messages, "user", textBlock(u.text()));
        case ChatMessage.Assistant a -> {
          if (a.text() != null && !a.text().isEmpty()) {
            append(messages, "assistant", textBlock(a.text()));
          }
          for (ToolCall call : a.toolCalls()) {
            ObjectNode block = mapper.createObjectNode().put("type", "tool_use");
            block.put("id", call.id()).put("name", call.name()).set("input", call.arguments());
            append(messages, "assistant", block);
          }
        }
        case ChatMessage.ToolResult r -> {
          ObjectNode block = mapper.createObjectNode().put("type", "tool_result");
          block.put("tool_use_id", r.toolCallId()).put("content", r.content());
          block.put("is_error", r.isError());
          append(messages, "user", block);
        }
      }
    }
    // The prompt cache covers tools, then system, up to the last marker: both are marked so the
    // stable prefix is read from the cache at every step and turn of a conversation. Only the
    // first system message (the stable prompt) is marked; later ones (a note for this turn) follow
    // it unmarked, so what they say never changes the cached prefix.
    if (!system.isEmpty()) {
      ArrayNode blocks = body.putArray("system").add(cached(textBlock(system.getFirst())));
      system.subList(1, system.size()).forEach(note -> blocks.add(textBlock(note)));
    }
    body.set("messages", simplify(messages));
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition tool : request.tools()) {
        ObjectNode t = tools.addObject().put("name", tool.name());
        if (!tool.description().isEmpty()) {
          t.put("description", tool.description());
        }
        t.set("input_schema", tool.inputSchema());
      }
      cached((ObjectNode) tools.get(tools.size() - 1));
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    body.put("stream", true);
    return body;
  }

  private static ObjectNode cached(ObjectNode block) {
    block.putObject("cache_control").put("type", "ephemeral");
    return block;
  }

  private ObjectNode textBlock(String text) {
    return mapper.createObjectNode().put("type", "text").put("text", text);
  }

  /**
   * Adds a block to the last message when it has the same role, else starts a new message. This
   * puts all tool results of one step into one user message, as the API requires, and keeps the
   * roles alternating.
   */
  private void append(ArrayNode messages, String role, ObjectNode block) {
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      ((ArrayNode) last.get("content")).add(block);
      return;
    }
    ObjectNode message = messages.addObject().put("role", role);
    message.putArray("content").add(block);
  }

  /** A message that is one text block is sent in the API's short form: a plain string. */
  private static ArrayNode simplify(ArrayNode messages) {
    for (JsonNode m : messages) {
      JsonNode content = m.get("content");
      if (content.size() == 1 && "text".equals(content.get(0).path("type").asText())) {
        ((ObjectNode) m).put("content", content.get(0).get("text").asText());
      }
    }
    return messages;
  }

  @Override
  public ChatResponse decode(JsonNode body) {
    JsonNode content = body.path("content");
    if (!content.isArray()) {
      throw new LlmException(
          LlmException.Kind.MALFORMED,
          200,
          "Anthropic returned a response without a content array: check ANTHROPIC_BASE_URL",
          null);
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText());
        case "tool_use" -> {
          JsonNode input = block.path("input");
          calls.add(
              new ToolCall(
                  block.path("id").asText(),
                  block.path("name").asText(),
                  input.isObject() ? input : mapper.createObjectNode()));
        }
        default -> {
          // thinking and other blocks carry nothing the caller uses
        }
      }
    }
    return new ChatResponse(
        text.isEmpty() ? null : text.toString(),
        calls,
        stopReason(body.path("stop_reason").asText(""), !calls.isEmpty()),
        usage(body.path("usage")));
  }

  @Override
  public HttpLlmProvider.StreamDecoder stream(Consumer<String> onText) {
    return new AnthropicStream(mapper, onText);
  }

  /**
   * Anthropic's {@code input_tokens} leaves out what was read from or written to the cache; the
   * neutral count includes both, the reads as cached.
   */
  static TokenUsage usage(JsonNode usage) {
    long read = usage.path("cache_read_input_tokens").asLong(0);
    long written = usage.path("cache_creation_input_tokens").asLong(0);
    return new TokenUsage(
        usage.path("input_tokens").asLong(0) + read + written,
        usage.path("output_tokens").asLong(0),
        read);
  }

  static StopReason stopReason(String stopReason, boolean hasCalls) {
    return switch (stopReason) {
      case "end_turn", "stop_sequence" -> StopReason.END;
      case "tool_use" -> StopReason.TOOL_USE;
      case "max_tokens" -> StopReason.MAX_TOKENS;
      default -> hasCalls ? StopReason.TOOL_USE : StopReason.OTHER;
    };
  }
}
