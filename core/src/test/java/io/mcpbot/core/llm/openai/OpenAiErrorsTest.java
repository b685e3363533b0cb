package io.mcpbot.core.llm.openai;

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
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.llm.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failures over the Chat Completions wire: which are retried, how long we wait, what we say. */
class OpenAiErrorsTest {
  private final FakeLlmServer server = new FakeLlmServer();
  private final FakeTime time = new FakeTime();

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmConfig config() {
    return Fixtures.config(ProviderKind.OPENAI, "gpt-9-turbo", URI.create(server.url() + "/v1"));
  }

  private ChatResponse call(LlmConfig config, Sleeper sleeper) {
    LlmProvider provider =
        LlmProviders.create(config, LlmProviders.defaultHttpClient(), sleeper, time);
    return provider.chat(
        Fixtures.request("gpt-9-turbo", List.of(new ChatMessage.User("Hi")), List.of()));
  }

  private LlmException failure(LlmConfig config) {
    LlmException e = catchThrowableOfType(LlmException.class, () -> call(config, time));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e;
  }

  private LlmException failure() {
    return failure(config());
  }

  @Test
  void badRequestIsNotRetriedAndCarriesTheProvidersMessage() {
    server.reply(400, resource("llm/openai/error_400.json"));

    LlmException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage())
        .isEqualTo(
            "OpenAI rejected the request (400): Invalid parameter: messages with role 'tool' must"
                + " be a response to a preceeding message with 'tool_calls'.");
    assertThat(server.requests()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aKeyEchoedByTheProviderIsMasked() {
    server.reply(400, "{\"error\":{\"message\":\"bad header: Bearer " + KEY + " is malformed\"}}");

    LlmException e = failure();

    assertThat(e.getMessage()).contains("bad header: Bearer <masked> is malformed");
  }

  @Test
  void unauthorizedNamesTheVariableAndIsNotRetried() {
    server.reply(401, resource("llm/openai/error_401.json"));

    LlmException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.AUTH);
    assertThat(e.getMessage()).isEqualTo("OpenAI rejected the API key (401): check OPENAI_API_KEY");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void forbiddenIsAnAuthProblemWithTheProvidersWords() {
    server.reply(
        403,
        "{\"error\":{\"message\":\"Project does not have access to model gpt-9-turbo\","
            + "\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}");

    LlmException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.AUTH);
    assertThat(e.getMessage())
        .isEqualTo(
            "OpenAI refused the request (403): Project does not have access to model gpt-9-turbo;"
                + " check OPENAI_API_KEY and what it is allowed to use");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void unknownModelNamesTheModelAndLlmModel() {
    server.reply(404, resource("llm/openai/error_404.json"));

    LlmException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    // The local server is a custom base URL, so the URL variable and the server's words follow.
    assertThat(e.getMessage())
        .isEqualTo(
            "OpenAI: model 'gpt-9-turbo' not found (404): check LLM_MODEL and OPENAI_BASE_URL"
                + " (the server said: The model `gpt-9-turbo` does not exist or you do not have"
                + " access to it.)");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void rateLimitHonoursRetryAfterSecondsThenSucceeds() {
    server.reply(429, resource("llm/openai/error_429.json"), Map.of("Retry-After", "2"));
    server.reply(200, resource("llm/openai/text.json"));

    ChatResponse response = call(config(), time);

    assertThat(response.text()).isEqualTo("Hello! How can I assist you today?");
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    assertThat(server.requests()).hasSize(2);
    assertThat(server.requests().get(1).body()).isEqualTo(server.requests().get(0).body());
  }

  @Test
  void rateLimitHonoursRetryAfterAsAnHttpDate() {
    String in7s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            time.instant().plusSeconds(7).atZone(ZoneOffset.UTC));
    server.reply(429, resource("llm/openai/error_429.json"), Map.of("Retry-After", in7s));
    server.reply(200, resource("llm/openai/text.json"));

    call(config(), time);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterIsCappedByThePolicy() {
    server.reply(429, resource("llm/openai/error_429.json"), Map.of("Retry-After", "600"));
    server.reply(200, resource("llm/openai/text.json"));
    LlmConfig config =
        config().toBuilder()
            .retry(
                new RetryPolicy(
                    3,
                    Duration.ofMillis(100),
                    Duration.ofMillis(400),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(30)))
            .build();

    call(config, time);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void aWaitPastTheRetryBudgetGivesUpAtOnce() {
    server.reply(429, resource("llm/openai/error_429.json"), Map.of("Retry-After", "8"));
    LlmConfig config =
        config().toBuilder().retry(Fixtures.FAST_RETRY.withMaxTotal(Duration.ofSeconds(5))).build();

    LlmException e = failure(config);

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.getMessage())
        .startsWith("OpenAI is rate limiting requests (429): Rate limit reached for gpt-4o-mini")
        .endsWith(
            "(gave up after 1 attempt: the next wait (8s) would pass the retry budget of 5s);"
                + " try again later");
    assertThat(time.sleeps()).isEmpty();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void exhaustedQuotaIsNotRetried() {
    server.reply(429, resource("llm/openai/error_429_quota.json"), Map.of("Retry-After", "1"));

    LlmException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.getMessage())
        .startsWith("OpenAI: quota exceeded (429): You exceeded your current quota")
        .endsWith("; check the account's plan and billing");
    assertThat(server.requests()).hasSize(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void serverErrorIsRetriedWithJitteredBackoffThenSucceeds() {
    server.reply(500, resource("llm/openai/error_500.json"));
    server.reply(200, resource("llm/openai/text.json"));

    ChatResponse response = call(config(), time);

    assertThat(response.text()).isNotNull();
    assertThat(time.sleeps()).hasSize(1);
    // waited, but never longer than the policy's first backoff step
    assertThat(time.sleeps().get(0))
        .isPositive()
        .isLessThanOrEqualTo(config().retry().initialBackoff());
  }

  @Test
  void retriesExhaustedReportTheLastErrorAndTheAttempts() {
    server.reply(500, resource("llm/openai/error_500.json"));
    server.reply(502, "<html><body>502 Bad Gateway</body></html>");
    server.reply(503, resource("llm/openai/error_500.json"));

    LlmException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.getMessage())
        .startsWith("OpenAI is unavailable (503): The server had an error")
        .contains("(gave up after 3 attempts in ");
    assertThat(server.requests()).hasSize(3);
    assertThat(time.sleeps()).hasSize(2);
    Duration step = config().retry().initialBackoff();
    assertThat(time.sleeps().get(0)).isPositive().isLessThanOrEqualTo(step);
    // the step doubles: the second wait may exceed the first step, never the doubled one
    assertThat(time.sleeps().get(1)).isPositive().isLessThanOrEqualTo(step.multipliedBy(2));
  }

  @Test
  void malformedJsonIsReportedWithTheStartOfTheBody() {
    String html = "<html><head><title>Welcome to nginx!</title></head>" + "x".repeat(400);
    server.reply(200, html);

    LlmException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.getMessage())
        .isEqualTo(
            "OpenAI returned a response that is not valid JSON ("
                + html.substring(0, 200)
                + "...)");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void jsonWithoutChoicesIsMalformed() {
    server.reply(200, "{\"object\":\"list\",\"data\":[]}");

    LlmException e = failure();

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.getMessage()).contains("without choices[0].message");
  }

  @Test
  void aServerThatNeverAnswersTimesOutWithoutRetry() {
    server.hang();
    LlmConfig config = config().toBuilder().requestTimeout(Duration.ofMillis(300)).build();

    LlmException e = failure(config);

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.getMessage())
        .isEqualTo(
            "OpenAI did not answer within 300ms: try again, or raise the LLM request timeout");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void anUnreachableServerIsRetriedThenUnavailable() {
    URI closed;
    try (FakeLlmServer gone = new FakeLlmServer()) {
      closed = URI.create(gone.url() + "/v1");
    }
    LlmConfig config = Fixtures.config(ProviderKind.OPENAI, "gpt-4o-mini", closed);

    LlmException e = failure(config);

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .startsWith("Could not reach OpenAI at 127.0.0.1 (")
        .contains("check OPENAI_BASE_URL and the network")
        .contains("gave up after 3 attempts");
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void anInterruptedWaitCancelsTheCallAndKeepsTheInterrupt() {
    server.reply(500, resource("llm/openai/error_500.json"));
    Sleeper interrupted =
        d -> {
          throw new InterruptedException();
        };

    LlmException e = catchThrowableOfType(LlmException.class, () -> call(config(), interrupted));

    assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
    assertThat(Thread.interrupted()).isTrue(); // also clears the flag for the next test
  }
}
