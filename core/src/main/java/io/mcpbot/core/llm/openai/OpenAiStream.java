package io.mcpbot.core.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.HttpLlmProvider;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.llm.internal.StreamError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One streamed Chat Completions answer: {@code choices[0].delta} pieces of text and of tool calls
 * (by {@code index}), the finish reason, usage in the last chunk (Groq: {@code x_groq.usage}), and
 * {@code [DONE]}. Not thread-safe; one per response.
 */
final class OpenAiStream implements HttpLlmProvider.StreamDecoder {
  private final OpenAiCodec codec;
  private final Consumer<String> onText;
  private final StringBuilder text = new StringBuilder();
  private final Map<Integer, Call> calls = new TreeMap<>();
  private String finishReason = "";
  private TokenUsage usage = TokenUsage.NONE;

  /** A tool call being assembled from its deltas. */
  private static final class Call {
    String id = "";
    String name = "";
    final StringBuilder arguments = new StringBuilder();
  }

  OpenAiStream(OpenAiCodec codec, Consumer<String> onText) {
    this.codec = codec;
    this.onText = onText;
  }

  @Override
  public boolean onEvent(String event, String data) {
    if (data.strip().equals("[DONE]")) {
      return true;
    }
    JsonNode chunk;
    try {
      chunk = codec.mapper().readTree(data);
    } catch (Exception e) {
      throw new LlmException(
          LlmException.Kind.MALFORMED,
          200,
          codec.name() + " streamed an event that is not JSON: check the base URL",
          null);
    }
    if (chunk.has("error")) {
      throw new StreamError(status(chunk.path("error")), data);
    }
    JsonNode choice = chunk.path("choices").path(0);
    JsonNode delta = choice.path("delta");
    String piece = delta.path("content").isTextual() ? delta.path("content").asText() : "";
    if (!piece.isEmpty()) {
      text.append(piece);
      onText.accept(piece);
    }
    for (JsonNode d : delta.path("tool_calls")) {
      Call call = calls.computeIfAbsent(d.path("index").asInt(calls.size()), i -> new Call());
      call.id = d.path("id").asText(call.id);
      JsonNode function = d.path("function");
      call.name = call.name + function.path("name").asText("");
      if (function.path("arguments").isObject()) {
        call.arguments.append(function.path("arguments").toString());
      } else {
        call.arguments.append(function.path("arguments").asText(""));
      }
    }
    if (choice.path("finish_reason").isTextual()) {
      finishReason = choice.path("finish_reason").asText();
    }
    JsonNode u = chunk.path("usage").isObject() ? chunk.path("usage") : chunk.at("/x_groq/usage");
    if (u.isObject()) {
      usage = OpenAiCodec.usage(u);
    }
    return false;
  }

  /** An error object's type or code as the HTTP status the same error has before a stream. */
  private static int status(JsonNode error) {
    String kind = error.path("type").asText("") + " " + error.path("code").asText("");
    if (kind.contains("rate_limit") || kind.contains("insufficient_quota")) {
      return 429;
    }
    if (kind.contains("invalid_request")) {
      return 400;
    }
    return 500;
  }

  @Override
  public ChatResponse finish() {
    List<ToolCall> out = new ArrayList<>();
    for (Call c : calls.values()) {
      out.add(
          new ToolCall(
              c.id,
              c.name,
              codec.parseArguments(codec.mapper().valueToTree(c.arguments.toString()))));
    }
    String answer = text.isEmpty() ? null : text.toString();
    return new ChatResponse(
        answer, out, OpenAiCodec.stopReason(finishReason, !out.isEmpty()), usage);
  }
}
