package io.mcpbot.core.llm;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Shared values for provider tests: a key, a tool, a small retry policy. */
public final class Fixtures {
  public static final String KEY = "sk-test-0123456789-secret";

  /** 3 attempts, 100 ms doubling to 400 ms, Retry-After up to 10 s, 30 s budget. */
  public static final RetryPolicy FAST_RETRY =
      new RetryPolicy(
          3,
          Duration.ofMillis(100),
          Duration.ofMillis(400),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30));

  public static final ToolDefinition WEATHER =
      new ToolDefinition(
          "weather__get_forecast",
          "Forecast for a city",
          TestJson.parse(
              """
              {"type":"object",
               "properties":{"city":{"type":"string"},"days":{"type":"integer"}},
               "required":["city"]}
              """));

  private Fixtures() {}

  public static LlmConfig config(ProviderKind kind, String model, URI baseUrl) {
    return new LlmConfig(kind, model, ApiKey.of(KEY), baseUrl, Duration.ofSeconds(5), FAST_RETRY);
  }

  public static ChatRequest request(
      String model, List<ChatMessage> messages, List<ToolDefinition> tools) {
    return new ChatRequest(model, messages, tools, 256, null);
  }
}
