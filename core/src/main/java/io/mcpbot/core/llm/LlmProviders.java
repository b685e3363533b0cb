package io.mcpbot.core.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.anthropic.AnthropicProvider;
import io.mcpbot.core.llm.openai.OpenAiProvider;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** Builds the {@link LlmProvider} a {@link LlmConfig} describes. Stateless; thread-safe. */
public final class LlmProviders {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LlmProviders() {}

  /** The provider for {@code config}, sleeping for real between retries. */
  public static LlmProvider create(LlmConfig config, HttpClient http) {
    return create(config, http, Sleeper.SYSTEM, Clock.systemUTC());
  }

  /** As {@link #create(LlmConfig, HttpClient)} with the retry waits and clock injected (tests). */
  public static LlmProvider create(
      LlmConfig config, HttpClient http, Sleeper sleeper, Clock clock) {
    return switch (config.kind()) {
      case OPENAI, GROQ, OPENAI_COMPATIBLE ->
          new OpenAiProvider(config, http, sleeper, clock, MAPPER);
      case ANTHROPIC -> new AnthropicProvider(config, http, sleeper, clock, MAPPER);
    };
  }

  /**
   * An HttpClient suited to LLM calls: 10 s connect timeout, no redirects (a redirected POST would
   * lose its body and key), HTTP/1.1 so plain-http local servers (Ollama) are not sent h2c
   * upgrades.
   */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }
}
