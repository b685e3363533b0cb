package io.mcpbot.core.llm.anthropic;

import static io.mcpbot.core.llm.Fixtures.KEY;
import static io.mcpbot.core.llm.TestJson.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.llm.FakeTime;
import io.mcpbot.core.llm.Fixtures;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.LlmException.Kind;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failures over the Messages API: which are retried (incl. 529), how long we wait, what we say. */
class AnthropicErrorsTest {
  private static final String MODEL = "claude-9-opus";
  private final FakeLlmServer server = new FakeLlmServer();
  private final FakeTime time = new FakeTime();

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmConfig config() {
    return Fixtures.config(ProviderKind.ANTHROPIC, MODEL, server.url());
  }

  private ChatResponse call(LlmConfig config) {
    return LlmProviders.create(config, LlmProviders.defaultHttpClient(), time, time)
        .chat(Fixtures.request(MODEL, List.of(new ChatMessage.User("Hi")), List.of()));
  }

  private LlmException failure(LlmConfig config) {
    LlmException e = catchThrowableOfType(LlmException.class, () -> call(config));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e;
  }

  @Test
  void badRequestCarriesTheProvidersMessage() {
    server.reply(400, resource("llm/anthropic/error_400.json"));

    LlmException e = failure(config());

    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(e.getMessage())
        .startsWith(
            "Anthropic rejected the request (400): messages.1.content.0: unexpected `tool_use_id`");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void unauthorizedSaysExactlyWhatToCheck() {
    server.reply(401, resource("llm/anthropic/error_401.json"));

    LlmException e = failure(config());

    assertThat(e.kind()).isEqualTo(Kind.AUTH);
    assertThat(e.getMessage())
        .isEqualTo("Anthropic rejected the API key (401): check ANTHROPIC_API_KEY");
    assertThat(server.requests()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void unknownModelPointsAtLlmModel() {
    server.reply(404, resource("llm/anthropic/error_404.json"));

    LlmException e = failure(config());

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.getMessage())
        .startsWith("Anthropic: model 'claude-9-opus' not found (404): check LLM_MODEL")
        .contains("ANTHROPIC_BASE_URL");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void rateLimitHonoursRetryAfter() {
    server.reply(429, resource("llm/anthropic/error_429.json"), Map.of("retry-after", "4"));
    server.reply(200, resource("llm/anthropic/text.json"));

    ChatResponse response = call(config());

    assertThat(response.text()).isEqualTo("Hello! How can I help you today?");
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(4));
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void spendLimitIsNotRetried() {
    server.reply(
        429, resource("llm/anthropic/error_429_spend_limit.json"), Map.of("retry-after", "1"));

    LlmException e = failure(config());

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.getMessage()).startsWith("Anthropic: quota exceeded (429): Your organization");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void serverErrorThenSuccess() {
    server.reply(500, resource("llm/anthropic/error_500.json"));
    server.reply(200, resource("llm/anthropic/text.json"));

    assertThat(call(config()).text()).isNotNull();
    assertThat(time.sleeps()).hasSize(1);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void overloadedThenSuccess() {
    server.reply(529, resource("llm/anthropic/error_529.json"));
    server.reply(200, resource("llm/anthropic/text.json"));

    assertThat(call(config()).text()).isEqualTo("Hello! How can I help you today?");
    assertThat(time.sleeps()).hasSize(1);
    assertThat(time.sleeps().get(0))
        .isPositive()
        .isLessThanOrEqualTo(config().retry().initialBackoff());
  }

  @Test
  void overloadedUntilTheRetriesRunOut() {
    for (int i = 0; i < 3; i++) {
      server.reply(529, resource("llm/anthropic/error_529.json"));
    }

    LlmException e = failure(config());

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.status()).isEqualTo(529);
    assertThat(e.getMessage())
        .startsWith("Anthropic is overloaded (529): Overloaded (gave up after 3 attempts in ")
        .endsWith("); try again later");
    assertThat(server.requests()).hasSize(3);
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void malformedJson() {
    server.reply(200, "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"Hel");

    LlmException e = failure(config());

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.getMessage())
        .isEqualTo(
            "Anthropic returned a response that is not valid JSON"
                + " ({\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"Hel)");
  }

  @Test
  void timeout() {
    server.hang();

    LlmException e = failure(config().toBuilder().requestTimeout(Duration.ofMillis(250)).build());

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.getMessage()).startsWith("Anthropic did not answer within 250ms");
    assertThat(server.requests()).hasSize(1);
  }
}
