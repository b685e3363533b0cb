package io.mcpbot.core.llm.openai;

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
import io.mcpbot.core.llm.internal.ToolArguments;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Maps the neutral model to and from the Chat Completions wire format. Stateless.
 *
 * @param name the provider's display name, for error messages
 * @param maxTokensField {@code max_completion_tokens} for OpenAI and Groq (o-series models reject
 *     the deprecated {@code max_tokens}); {@code max_tokens} for other compatible servers, which do
 *     not all know the newer name
 */
record OpenAiCodec(ObjectMapper mapper, String name, String maxTokensField)
    implements HttpLlmProvider.Codec {

  @Override
  public ObjectNode encode(ChatRequest request) {
    ObjectNode body = mapper.createObjectNode();
    body.put("model", request.model());
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages.add(encode(message));
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition tool : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", tool.name());
        function.put("description", tool.description());
        function.set("parameters", tool.inputSchema());
      }
    }
    body.put(maxTokensField, request.maxTokens());
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    return body;
  }

  private ObjectNode encode(ChatMessage message) {
    ObjectNode node = mapper.createObjectNode();
    switch (message) {
      case ChatMessage.System s -> node.put("role", "system").put("content", s.text());
      case ChatMessage.User u -> node.put("role", "user").put("content", u.text());
      case ChatMessage.Assistant a -> {
        node.put("role", "assistant").put("content", a.text());
        if (!a.toolCalls().isEmpty()) {
          ArrayNode calls = node.putArray("tool_calls");
          for (ToolCall call : a.toolCalls()) {
            ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
            c.putObject("function")
                .put("name", call.name())
                .put("arguments", argumentsText(call.arguments()));
          }
        }
      }
      case ChatMessage.ToolResult r ->
          node.put("role", "tool")
              .put("tool_call_id", r.toolCallId())
              .put("content", r.isError() ? "Error: " + r.content() : r.content());
    }
    return node;
  }

  /** Sends back exactly what the model wrote, even when it was not valid JSON. */
  private static String argumentsText(JsonNode arguments) {
    JsonNode raw = arguments.get(ToolCall.RAW_ARGUMENTS);
    if (raw != null && raw.isTextual() && arguments.size() == 1) {
      return raw.asText();
    }
    return arguments.toString();
  }

  @Override
  public ChatResponse decode(JsonNode body) {
    JsonNode choice = body.path("choices").path(0);
    JsonNode message = choice.path("message");
    if (!message.isObject()) {
      throw new LlmException(
          LlmException.Kind.MALFORMED,
          200,
          name + " returned a response without choices[0].message: check the base URL",
          null);
    }
    String text = message.path("content").isTextual() ? message.path("content").asText() : null;
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      calls.add(
          new ToolCall(
              call.path("id").asText(),
              function.path("name").asText(),
              parseArguments(function.path("arguments"))));
    }
    return new ChatResponse(
        text == null || (text.isEmpty() && !calls.isEmpty()) ? null : text,
        calls,
        stopReason(choice.path("finish_reason").asText(""), !calls.isEmpty()),
        usage(body.path("usage")));
  }

  @Override
  public HttpLlmProvider.StreamDecoder stream(Consumer<String> onText) {
    return new OpenAiStream(this, onText);
  }

  /** Prompt tokens include the cached ones ({@code prompt_tokens_details.cached_tokens}). */
  static TokenUsage usage(JsonNode usage) {
    return new TokenUsage(
        usage.path("prompt_tokens").asLong(0),
        usage.path("completion_tokens").asLong(0),
        usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
  }

  JsonNode parseArguments(JsonNode arguments) {
    if (arguments.isObject()) {
      return arguments; // some compatible servers send an object instead of a string
    }
    return ToolArguments.parse(mapper, arguments.asText(""));
  }

  /**
   * Some compatible servers (Ollama, older vLLM) say "stop" even when they called tools; the calls
   * are what matters to the caller, so they win.
   */
  static StopReason stopReason(String finishReason, boolean hasCalls) {
    return switch (finishReason) {
      case "tool_calls", "function_call" -> StopReason.TOOL_USE;
      case "length" -> StopReason.MAX_TOKENS;
      case "stop" -> hasCalls ? StopReason.TOOL_USE : StopReason.END;
      default -> hasCalls ? StopReason.TOOL_USE : StopReason.OTHER;
    };
  }
}
