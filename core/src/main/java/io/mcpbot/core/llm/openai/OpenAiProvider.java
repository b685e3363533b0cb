package io.mcpbot.core.llm.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.HttpLlmProvider;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;

/**
 * OpenAI Chat Completions ({@code POST {base}/chat/completions}): OpenAI itself, Groq (same wire,
 * own base URL) and any OpenAI-compatible server (Ollama, vLLM, LiteLLM). Thread-safe.
 */
public final class OpenAiProvider extends HttpLlmProvider {

  /** Prefer {@link io.mcpbot.core.llm.LlmProviders#create}; this form exposes the test seams. */
  public OpenAiProvider(
      LlmConfig config, HttpClient client, Sleeper sleeper, Clock clock, ObjectMapper mapper) {
    super(
        openAi(config),
        client,
        sleeper,
        clock,
        mapper,
        "/chat/completions",
        headers(config),
        codec(config, mapper));
  }

  // Checked before the headers read the key: the super call's arguments run left to right.
  private static LlmConfig openAi(LlmConfig config) {
    if (!config.kind().speaksOpenAi()) {
      throw new IllegalArgumentException("OpenAiProvider cannot speak to Anthropic");
    }
    return config;
  }

  private static OpenAiCodec codec(LlmConfig config, ObjectMapper mapper) {
    boolean compatible = config.kind() == ProviderKind.OPENAI_COMPATIBLE;
    return new OpenAiCodec(
        mapper, config.displayName(), compatible ? "max_tokens" : "max_completion_tokens");
  }

  private static Map<String, String> headers(LlmConfig config) {
    return config.apiKey() == null
        ? Map.of()
        : Map.of("authorization", "Bearer " + config.apiKey().reveal());
  }

  @Override
  public String toString() {
    return "OpenAiProvider[" + config().displayName() + ", " + config().model() + "]";
  }
}
