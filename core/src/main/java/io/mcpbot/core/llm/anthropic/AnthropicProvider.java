package io.mcpbot.core.llm.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.Sleeper;
import io.mcpbot.core.llm.internal.ProviderHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;

/**
 * Anthropic Messages API ({@code POST {base}/v1/messages}, anthropic-version 2023-06-01). System
 * messages go to the top-level {@code system} field; tool results travel as a user message of
 * tool_result blocks. Thread-safe.
 */
public final class AnthropicProvider implements LlmProvider {
  /** The API version this wire format follows. */
  public static final String API_VERSION = "2023-06-01";

  private final LlmConfig config;
  private final ProviderHttp http;
  private final AnthropicCodec codec;
  private final Map<String, String> headers;

  /** Prefer {@link io.mcpbot.core.llm.LlmProviders#create}; this form exposes the test seams. */
  public AnthropicProvider(
      LlmConfig config, HttpClient client, Sleeper sleeper, Clock clock, ObjectMapper mapper) {
    if (config.kind() != ProviderKind.ANTHROPIC) {
      throw new IllegalArgumentException("AnthropicProvider speaks only to Anthropic");
    }
    this.config = config;
    this.http = new ProviderHttp(config, client, sleeper, clock, mapper);
    this.codec = new AnthropicCodec(mapper);
    this.headers = Map.of("x-api-key", config.apiKey().reveal(), "anthropic-version", API_VERSION);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return http.chat("/v1/messages", request, codec.encode(request), headers, codec::decode);
  }

  @Override
  public String name() {
    return config.displayName();
  }

  @Override
  public String toString() {
    return "AnthropicProvider[" + config.model() + "]";
  }
}
