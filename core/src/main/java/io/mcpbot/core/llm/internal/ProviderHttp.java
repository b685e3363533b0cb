package io.mcpbot.core.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.llm.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to one provider with retries, timeouts and exact error messages; shared by the
 * provider implementations (not part of the public API). Thread-safe: holds only immutable state.
 */
public final class ProviderHttp {
  private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);

  /** The most bytes of one response body read by default: 8 MiB, far above any chat reply. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;

  private final LlmConfig config;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final Clock clock;
  private final ObjectMapper mapper;
  private final ErrorMapper errors;
  private final long maxResponseBytes;

  /** With {@link #DEFAULT_MAX_RESPONSE_BYTES}. */
  public ProviderHttp(
      LlmConfig config, HttpClient http, Sleeper sleeper, Clock clock, ObjectMapper mapper) {
    this(config, http, sleeper, clock, mapper, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** Reads at most {@code maxResponseBytes} (>= 1) of each response body. */
  public ProviderHttp(
      LlmConfig config,
      HttpClient http,
      Sleeper sleeper,
      Clock clock,
      ObjectMapper mapper,
      long maxResponseBytes) {
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be >= 1, got " + maxResponseBytes);
    }
    this.maxResponseBytes = maxResponseBytes;
    this.config = Objects.requireNonNull(config, "config");
    this.http = Objects.requireNonNull(http, "http");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.errors = new ErrorMapper(config, mapper);
  }

  /** How one attempt ended. */
  private sealed interface Attempt {}

  private record Success(JsonNode body) implements Attempt {}

  /** The error to throw, whether another attempt may help, and how long the provider asked. */
  private record Failure(LlmException error, boolean retryable, Duration retryAfter)
      implements Attempt {}

  /**
   * One chat exchange: POSTs the provider-encoded {@code body}, decodes the reply with {@code
   * decode} and logs provider, model, stop reason, latency and token counts at DEBUG (never
   * content).
   */
  public ChatResponse chat(
      String path,
      ChatRequest request,
      JsonNode body,
      Map<String, String> headers,
      Function<JsonNode, ChatResponse> decode) {
    long t0 = System.nanoTime();
    ChatResponse response = decode.apply(post(path, request.model(), body, headers));
    if (log.isDebugEnabled()) {
      log.debug(
          "{} {}: {} in {} ms, {} tool calls, tokens in {} out {}",
          config.displayName(),
          request.model(),
          response.stopReason(),
          (System.nanoTime() - t0) / 1_000_000,
          response.toolCalls().size(),
          response.usage().inputTokens(),
          response.usage().outputTokens());
    }
    return response;
  }

  /**
   * POSTs {@code body} to {@code baseUrl + path} and returns the parsed 2xx body, retrying
   * transient failures per the config's {@link RetryPolicy}.
   *
   * @throws LlmException for every failure, see {@link LlmException.Kind}
   */
  public JsonNode post(String path, String model, JsonNode body, Map<String, String> headers) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise request", e);
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
            .timeout(config.requestTimeout())
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    headers.forEach(builder::header);
    HttpRequest request = builder.build();

    RetryPolicy policy = config.retry();
    Instant start = clock.instant();
    Instant deadline = start.plus(policy.maxTotal());
    for (int attempt = 1; ; attempt++) {
      Attempt outcome = attempt(request, model, attempt);
      if (outcome instanceof Success success) {
        return success.body();
      }
      Failure failure = (Failure) outcome;
      if (!failure.retryable()) {
        throw failure.error();
      }
      if (attempt >= policy.maxAttempts()) {
        throw errors.exhausted(failure.error(), attempt, elapsed(start), null);
      }
      Duration wait =
          failure.retryAfter() != null
              ? min(failure.retryAfter(), policy.maxRetryAfter())
              : backoff(policy, attempt);
      if (clock.instant().plus(wait).isAfter(deadline)) {
        throw errors.exhausted(failure.error(), attempt, elapsed(start), wait);
      }
      log.debug(
          "{} {}: attempt {} failed ({}), retrying in {} ms",
          config.displayName(),
          model,
          attempt,
          failure.error().status(),
          wait.toMillis());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.cancelled(e);
      }
    }
  }

  private Attempt attempt(HttpRequest request, String model, int attempt) {
    long t0 = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = http.send(request, BoundedBody.handler(maxResponseBytes));
    } catch (HttpConnectTimeoutException e) {
      return new Failure(errors.unreachable(e), true, null);
    } catch (HttpTimeoutException e) {
      throw errors.timeout(e);
    } catch (IOException e) {
      BoundedBody.TooLarge tooLarge = tooLarge(e);
      if (tooLarge != null) {
        // Not retried: the same request would most likely get the same oversize answer.
        throw new LlmException(
            LlmException.Kind.MALFORMED,
            0,
            config.displayName()
                + " sent a response larger than "
                + tooLarge.limit
                + " bytes, the most the bot reads of one reply; it was dropped unread (is the"
                + " base URL pointing at an LLM API?)",
            e);
      }
      return new Failure(errors.unreachable(e), true, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.cancelled(e);
    }
    int status = response.statusCode();
    log.debug(
        "{} {} -> {} in {} ms (attempt {})",
        config.displayName(),
        model,
        status,
        (System.nanoTime() - t0) / 1_000_000,
        attempt);
    String body = response.body();
    if (status / 100 == 2) {
      try {
        JsonNode json = mapper.readTree(body);
        if (json == null || json.isMissingNode() || !json.isObject()) {
          throw errors.malformed(status, body, null);
        }
        return new Success(json);
      } catch (JsonProcessingException e) {
        throw errors.malformed(status, body, e);
      }
    }
    LlmException error = errors.forStatus(status, model, body);
    boolean retryable = ErrorMapper.isRetryable(status) && !errors.isQuotaExhausted(status, body);
    return new Failure(error, retryable, RetryAfter.parse(response.headers(), clock));
  }

  private static BoundedBody.TooLarge tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BoundedBody.TooLarge tl) {
        return tl;
      }
    }
    return null;
  }

  private Duration elapsed(Instant start) {
    return Duration.between(start, clock.instant());
  }

  /** Exponential backoff with "equal jitter": a random wait in [half, full] of the step. */
  static Duration backoff(RetryPolicy policy, int attempt) {
    long initial = policy.initialBackoff().toMillis();
    long step = initial << Math.min(attempt - 1, 30);
    long capped = Math.min(step < 0 ? Long.MAX_VALUE : step, policy.maxBackoff().toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
