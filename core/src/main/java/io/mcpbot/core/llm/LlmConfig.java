package io.mcpbot.core.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A validated choice of LLM provider: which service, which model, the key (null only for an
 * OPENAI_COMPATIBLE server that needs none), the base URL (no trailing slash), the per-request
 * timeout and the retry policy. Immutable and thread-safe; toString masks the key. Build one with
 * {@link #builder}, or get the configured one from the settings ({@code Settings.llm()}).
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
   * A builder with the provider's default base URL (none for OPENAI_COMPATIBLE: set one), the
   * default timeout and retry policy, and no key.
   */
  public static Builder builder(ProviderKind kind, String model) {
    return new Builder(kind, model);
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    return new Builder(kind, model)
        .apiKey(apiKey)
        .baseUrl(baseUrl)
        .requestTimeout(requestTimeout)
        .retry(retry);
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

  /** Collects the values, validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final ProviderKind kind;
    private final String model;
    private ApiKey apiKey;
    private URI baseUrl;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private RetryPolicy retry = RetryPolicy.DEFAULT;

    private Builder(ProviderKind kind, String model) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.model = model;
      this.baseUrl = kind.defaultBaseUrl();
    }

    /** The key; null only for an OPENAI_COMPATIBLE server that needs none. */
    public Builder apiKey(ApiKey key) {
      this.apiKey = key;
      return this;
    }

    /** The API root; null keeps the provider's default. */
    public Builder baseUrl(URI url) {
      this.baseUrl = url == null ? kind.defaultBaseUrl() : url;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder retry(RetryPolicy policy) {
      this.retry = policy;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException or NullPointerException naming the missing or invalid value
     */
    public LlmConfig build() {
      return new LlmConfig(kind, model, apiKey, baseUrl, requestTimeout, retry);
    }
  }
}
