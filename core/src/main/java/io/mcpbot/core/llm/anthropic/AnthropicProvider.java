package io.mcpbot.core.llm.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.HttpLlmProvider;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;

/**
 * Anthropic Messages API ({@code POST {base}/v1/messages}, anthropic-version 2023-06-01). System
 * messages go to the top-level {@code system} field; tool results travel as a user message of
 * tool_result blocks. Thread-safe.
 */
public final class AnthropicProvider extends HttpLlmProvider {
  /** The API version this wire format follows. */
  public static final String API_VERSION = "2023-06-01";

  /** Prefer {@link io.mcpbot.core.llm.LlmProviders#create}; this form exposes the test seams. */
  public AnthropicProvider(
      LlmConfig config, HttpClient client, Sleeper sleeper, Clock clock, ObjectMapper mapper) {
    super(
        anthropic(config),
        client,
        sleeper,
        clock,
        mapper,
        "/v1/messages",
        Map.of("x-api-key", config.apiKey().reveal(), "anthropic-version", API_VERSION),
        new AnthropicCodec(mapper));
  }

  // Checked before the headers read the key: the super call's arguments run left to right.
  private static LlmConfig anthropic(LlmConfig config) {
    if (config.kind() != ProviderKind.ANTHROPIC) {
      throw new IllegalArgumentException("AnthropicProvider speaks only to Anthropic");
    }
    return config;
  }

  @Override
  public String toString() {
    return "AnthropicProvider[" + config().model() + "]";
  }
}
