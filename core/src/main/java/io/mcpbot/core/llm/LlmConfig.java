package io.mcpbot.core.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A validated choice of LLM provider: which service, which model, the key (null only for an
 * OPENAI_COMPATIBLE server that needs none), the base URL (no trailing slash), the per-request
 * timeout and the retry policy. Immutable and thread-safe; toString masks the key. Make one with
 * {@link #of}, or get the configured one from the settings ({@code Settings.llm()}).
 */
public record LlmConfig(
    ProviderKind kind,
    String model,
    ApiKey apiKey,
    URI baseUrl,
    Duration requestTimeout,
    RetryPolicy retry) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  public LlmConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    baseUrl = stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be > 0");
    }
    Objects.requireNonNull(retry, "retry");
    if (apiKey == null && kind != ProviderKind.OPENAI_COMPATIBLE) {
      throw new IllegalArgumentException(kind.displayName() + " needs an API key");
    }
  }

  /**
   * The configuration with the default timeout and retry policy. {@code apiKey} may be null only
   * for OPENAI_COMPATIBLE; a null {@code baseUrl} means the provider's own (OPENAI_COMPATIBLE has
   * none: give one).
   *
   * @throws IllegalArgumentException or NullPointerException naming the missing or invalid value
   */
  public static LlmConfig of(ProviderKind kind, String model, ApiKey apiKey, URI baseUrl) {
    Objects.requireNonNull(kind, "kind");
    return new LlmConfig(
        kind,
        model,
        apiKey,
        baseUrl == null ? kind.defaultBaseUrl() : baseUrl,
        DEFAULT_REQUEST_TIMEOUT,
        RetryPolicy.DEFAULT);
  }

  /** This configuration with another per-request timeout. */
  public LlmConfig withRequestTimeout(Duration timeout) {
    return new LlmConfig(kind, model, apiKey, baseUrl, timeout, retry);
  }

  /** This configuration with another retry policy. */
  public LlmConfig withRetry(RetryPolicy policy) {
    return new LlmConfig(kind, model, apiKey, baseUrl, requestTimeout, policy);
  }

  /** True when the base URL is not the provider's own (a proxy, a compatible server). */
  public boolean hasCustomBaseUrl() {
    return !baseUrl.equals(kind.defaultBaseUrl());
  }

  /** "OpenAI", "Groq", "Anthropic" or "OpenAI-compatible server". */
  public String displayName() {
    return kind.displayName();
  }

  private static URI stripTrailingSlash(URI url) {
    String s = url.toString();
    return s.endsWith("/") ? URI.create(s.replaceAll("/+$", "")) : url;
  }
}
