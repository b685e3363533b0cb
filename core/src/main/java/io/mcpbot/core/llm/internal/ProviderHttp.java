package io.mcpbot.core.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.HttpLlmProvider;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.llm.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON to one provider with retries, timeouts and exact error messages, and reads streamed
 * answers; shared by the provider implementations (not part of the public API). Thread-safe: holds
 * only immutable state.
 */
public final class ProviderHttp {
  private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);

  /** The most bytes of one response body (or one whole stream) read by default: 8 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;

  private final LlmConfig config;
  private final HttpClient http;
  private final Clock clock;
  private final ObjectMapper mapper;
  private final ErrorMapper errors;
  private final RetryLoop retries;
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
    this.clock = Objects.requireNonNull(clock, "clock");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.errors = new ErrorMapper(config, mapper);
    this.retries = new RetryLoop(config, Objects.requireNonNull(sleeper, "sleeper"), clock, errors);
  }

  /** Sends one request and reads what it needs of a 2xx answer. */
  @FunctionalInterface
  private interface Exchange<T> {
    T send() throws IOException, InterruptedException;
  }

  /**
   * One streamed chat exchange: POSTs {@code request} as {@code codec} encodes it, retrying only
   * until the first byte of a 2xx answer, then feeds its events to the codec's stream reader. A
   * server that answers with one JSON body instead is read with the codec's decode, its text handed
   * to {@code onText} as one piece. Logs provider, model, stop reason, latency and token counts at
   * DEBUG (never content).
   *
   * @throws LlmException for every failure; {@link LlmException.Kind#CUT_OFF} when a stream broke
   */
  public ChatResponse stream(
      String path,
      Map<String, String> headers,
      ChatRequest request,
      HttpLlmProvider.Codec codec,
      Consumer<String> onText) {
    long t0 = System.nanoTime();
    JsonNode body = codec.encode(request);
    HttpLlmProvider.StreamDecoder decoder = codec.stream(onText);
    HttpRequest post = build(path, body, headers, "text/event-stream");
    HttpResponse<InputStream> open =
        retries.run(
            request.model(),
            attempt ->
                attempt(
                    post,
                    request.model(),
                    attempt,
                    () -> http.send(post, HttpResponse.BodyHandlers.ofInputStream()),
                    this::text));
    ChatResponse response;
    try (InputStream in = new LimitedInput(open.body(), maxResponseBytes)) {
      if (open.headers().firstValue("content-type").orElse("").contains("event-stream")) {
        response = events(in, decoder);
      } else {
        response = codec.decode(json(open.statusCode(), new String(in.readAllBytes(), UTF8)));
        if (response.text() != null && !response.text().isEmpty()) {
          onText.accept(response.text());
        }
      }
    } catch (IOException e) {
      throw broken(e);
    }
    logAnswer(request, response, t0);
    return response;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private ChatResponse events(InputStream in, HttpLlmProvider.StreamDecoder decoder)
      throws IOException {
    boolean ended;
    try {
      ended = EventStream.read(in, decoder);
    } catch (StreamError e) {
      throw errors.inStream(e.status(), e.body());
    }
    if (!ended) {
      throw errors.cutOff("the stream ended before the model finished", null);
    }
    return decoder.finish();
  }

  private LlmException broken(IOException e) {
    BoundedBody.TooLarge tooLarge = tooLarge(e);
    if (tooLarge != null) {
      return tooLarge(tooLarge, e);
    }
    if (Thread.currentThread().isInterrupted()) {
      return errors.cancelled(new InterruptedException(e.getMessage()));
    }
    return errors.cutOff(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  /**
   * One chat exchange without streaming: POSTs the provider-encoded {@code body}, decodes the reply
   * with {@code decode} and logs like {@link #stream}.
   */
  public ChatResponse chat(
      String path,
      ChatRequest request,
      JsonNode body,
      Map<String, String> headers,
      Function<JsonNode, ChatResponse> decode) {
    long t0 = System.nanoTime();
    ChatResponse response = decode.apply(post(path, request.model(), body, headers));
    logAnswer(request, response, t0);
    return response;
  }

  private void logAnswer(ChatRequest request, ChatResponse response, long t0) {
    if (log.isDebugEnabled()) {
      log.debug(
          "{} {}: {} in {} ms, {} tool calls, tokens in {} (cached {}) out {}",
          config.displayName(),
          request.model(),
          response.stopReason(),
          (System.nanoTime() - t0) / 1_000_000,
          response.toolCalls().size(),
          response.usage().inputTokens(),
          response.usage().cachedInputTokens(),
          response.usage().outputTokens());
    }
  }

  /**
   * POSTs {@code body} to {@code baseUrl + path} and returns the parsed 2xx body, retrying
   * transient failures per the config's {@link RetryPolicy}.
   *
   * @throws LlmException for every failure, see {@link LlmException.Kind}
   */
  public JsonNode post(String path, String model, JsonNode body, Map<String, String> headers) {
    HttpRequest request = build(path, body, headers, "application/json");
    HttpResponse<String> response =
        retries.run(
            model,
            attempt ->
                attempt(
                    request,
                    model,
                    attempt,
                    () -> http.send(request, BoundedBody.handler(maxResponseBytes)),
                    HttpResponse::body));
    return json(response.statusCode(), response.body());
  }

  private HttpRequest build(
      String path, JsonNode body, Map<String, String> headers, String accept) {
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
            .header("accept", accept)
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    headers.forEach(builder::header);
    return builder.build();
  }

  private JsonNode json(int status, String body) {
    try {
      JsonNode json = mapper.readTree(body);
      if (json == null || json.isMissingNode() || !json.isObject()) {
        throw errors.malformed(status, body, null);
      }
      return json;
    } catch (JsonProcessingException e) {
      throw errors.malformed(status, body, e);
    }
  }

  /** Reads a non-2xx body of an open stream as bounded text. */
  private String text(HttpResponse<InputStream> response) throws IOException {
    try (InputStream in = new LimitedInput(response.body(), maxResponseBytes)) {
      return new String(in.readAllBytes(), UTF8);
    }
  }

  /** How to read an error body from a response of type T. */
  @FunctionalInterface
  private interface ErrorBody<T> {
    String read(HttpResponse<T> response) throws IOException;
  }

  private <T> RetryLoop.Attempt<HttpResponse<T>> attempt(
      HttpRequest request,
      String model,
      int attempt,
      Exchange<HttpResponse<T>> exchange,
      ErrorBody<T> errorBody) {
    long t0 = System.nanoTime();
    HttpResponse<T> response;
    String body;
    try {
      response = exchange.send();
      int status = response.statusCode();
      log.debug(
          "{} {} -> {} in {} ms (attempt {})",
          config.displayName(),
          model,
          status,
          (System.nanoTime() - t0) / 1_000_000,
          attempt);
      if (status / 100 == 2) {
        return new RetryLoop.Success<>(response);
      }
      body = errorBody.read(response);
    } catch (HttpConnectTimeoutException e) {
      return new RetryLoop.Failure<>(errors.unreachable(e), true, null);
    } catch (HttpTimeoutException e) {
      throw errors.timeout(e);
    } catch (IOException e) {
      BoundedBody.TooLarge tooLarge = tooLarge(e);
      if (tooLarge != null) {
        // Not retried: the same request would most likely get the same oversize answer.
        throw tooLarge(tooLarge, e);
      }
      return new RetryLoop.Failure<>(errors.unreachable(e), true, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.cancelled(e);
    }
    int status = response.statusCode();
    LlmException error = errors.forStatus(status, model, body);
    boolean retryable = ErrorMapper.isRetryable(status) && !errors.isQuotaExhausted(status, body);
    return new RetryLoop.Failure<>(error, retryable, RetryAfter.parse(response.headers(), clock));
  }

  private LlmException tooLarge(BoundedBody.TooLarge tooLarge, IOException e) {
    return new LlmException(
        LlmException.Kind.MALFORMED,
        0,
        config.displayName()
            + " sent a response larger than "
            + tooLarge.limit
            + " bytes, the most the bot reads of one reply; it was dropped unread (is the"
            + " base URL pointing at an LLM API?)",
        e);
  }

  private static BoundedBody.TooLarge tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BoundedBody.TooLarge tl) {
        return tl;
      }
    }
    return null;
  }

  /** See {@link RetryLoop#backoff}. */
  static Duration backoff(RetryPolicy policy, int attempt) {
    return RetryLoop.backoff(policy, attempt);
  }
}
