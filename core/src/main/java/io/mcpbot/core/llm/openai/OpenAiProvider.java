package io.mcpbot.core.llm.openai;

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
 * OpenAI Chat Completions ({@code POST {base}/chat/completions}): OpenAI itself, Groq (same wire,
 * own base URL) and any OpenAI-compatible server (Ollama, vLLM, LiteLLM). Thread-safe.
 */
public final class OpenAiProvider implements LlmProvider {

  private final LlmConfig config;
  private final ProviderHttp http;
  private final OpenAiCodec codec;
  private final Map<String, String> headers;

  /** Prefer {@link io.mcpbot.core.llm.LlmProviders#create}; this form exposes the test seams. */
  public OpenAiProvider(
      LlmConfig config, HttpClient client, Sleeper sleeper, Clock clock, ObjectMapper mapper) {
    if (!config.kind().speaksOpenAi()) {
      throw new IllegalArgumentException("OpenAiProvider cannot speak to Anthropic");
    }
    this.config = config;
    this.http = new ProviderHttp(config, client, sleeper, clock, mapper);
    boolean compatible = config.kind() == ProviderKind.OPENAI_COMPATIBLE;
    this.codec =
        new OpenAiCodec(
            mapper, config.displayName(), compatible ? "max_tokens" : "max_completion_tokens");
    this.headers =
        config.apiKey() == null
            ? Map.of()
            : Map.of("authorization", "Bearer " + config.apiKey().reveal());
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return http.chat("/chat/completions", request, codec.encode(request), headers, codec::decode);
  }

  @Override
  public String name() {
    return config.displayName();
  }

  @Override
  public String toString() {
    return "OpenAiProvider[" + config.displayName() + ", " + config.model() + "]";
  }
}
