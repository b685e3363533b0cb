package io.mcpbot.core.llm;

import io.mcpbot.core.llm.LlmException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the LLM provider from plain setting values, as the operator guide implies: LLM_PROVIDER
 * if set; else the family of LLM_MODEL (gpt/o1/o3/o4 OpenAI, claude Anthropic, llama/mixtral/
 * gemma/qwen/deepseek... Groq) when its key is present, or the operator's own server when
 * OPENAI_BASE_URL is set; else the first key present (OpenAI, Groq, Anthropic) with that provider's
 * default model. A mutable builder, not thread-safe; {@link #select()} returns an immutable {@link
 * LlmConfig} or throws an {@link LlmException} of kind CONFIG naming the variable and the fix. Null
 * or blank values count as unset.
 */
public final class ProviderSelection {
  private static final List<ProviderKind> HOSTED =
      List.of(ProviderKind.OPENAI, ProviderKind.GROQ, ProviderKind.ANTHROPIC);

  private String provider;
  private String model;
  private String openaiKey;
  private String groqKey;
  private String anthropicKey;
  private String openaiBaseUrl;
  private String groqBaseUrl;
  private String anthropicBaseUrl;
  private Duration requestTimeout = LlmConfig.DEFAULT_REQUEST_TIMEOUT;
  private RetryPolicy retry = RetryPolicy.DEFAULT;

  /** Fills a selection from variables named as in the guide (LLM_PROVIDER, OPENAI_API_KEY...). */
  public static ProviderSelection fromVariables(Map<String, String> vars) {
    return new ProviderSelection()
        .provider(vars.get("LLM_PROVIDER"))
        .model(vars.get("LLM_MODEL"))
        .openaiKey(vars.get("OPENAI_API_KEY"))
        .groqKey(vars.get("GROQ_API_KEY"))
        .anthropicKey(vars.get("ANTHROPIC_API_KEY"))
        .openaiBaseUrl(vars.get("OPENAI_BASE_URL"))
        .groqBaseUrl(vars.get("GROQ_BASE_URL"))
        .anthropicBaseUrl(vars.get("ANTHROPIC_BASE_URL"));
  }

  /** LLM_PROVIDER: openai, groq, anthropic or openai-compatible (case-insensitive). */
  public ProviderSelection provider(String value) {
    this.provider = blankToNull(value);
    return this;
  }

  /** LLM_MODEL. */
  public ProviderSelection model(String value) {
    this.model = blankToNull(value);
    return this;
  }

  public ProviderSelection openaiKey(String value) {
    this.openaiKey = blankToNull(value);
    return this;
  }

  public ProviderSelection groqKey(String value) {
    this.groqKey = blankToNull(value);
    return this;
  }

  public ProviderSelection anthropicKey(String value) {
    this.anthropicKey = blankToNull(value);
    return this;
  }

  public ProviderSelection openaiBaseUrl(String value) {
    this.openaiBaseUrl = blankToNull(value);
    return this;
  }

  public ProviderSelection groqBaseUrl(String value) {
    this.groqBaseUrl = blankToNull(value);
    return this;
  }

  public ProviderSelection anthropicBaseUrl(String value) {
    this.anthropicBaseUrl = blankToNull(value);
    return this;
  }

  public ProviderSelection requestTimeout(Duration value) {
    this.requestTimeout = Objects.requireNonNull(value, "requestTimeout");
    return this;
  }

  public ProviderSelection retry(RetryPolicy value) {
    this.retry = Objects.requireNonNull(value, "retry");
    return this;
  }

  /**
   * The chosen provider.
   *
   * @throws LlmException of kind CONFIG when no provider can be chosen
   */
  public LlmConfig select() {
    if (provider != null) {
      return explicit(provider.toLowerCase(Locale.ROOT));
    }
    if (model != null) {
      ProviderKind family = ModelFamily.of(model);
      if (family != null && key(family) != null) {
        return config(family, model);
      }
      if (openaiBaseUrl != null) {
        // another family's model, or an unknown one, served by the operator's own server
        return compatible();
      }
      if (family != null) {
        throw new LlmException(
            Kind.CONFIG,
            "LLM_MODEL '"
                + model
                + (family == ProviderKind.GROQ ? "' is a " : "' is an ")
                + family.displayName()
                + " model but "
                + family.keyVariable()
                + " is not set: set "
                + family.keyVariable()
                + ", or set LLM_PROVIDER and an LLM_MODEL of a provider you have a key for");
      }
    }
    for (ProviderKind kind : HOSTED) {
      if (key(kind) != null) {
        return config(kind, modelOr(kind));
      }
    }
    if (openaiBaseUrl != null) {
      return compatible();
    }
    throw new LlmException(
        Kind.CONFIG,
        "No LLM API key is set: set one of OPENAI_API_KEY, GROQ_API_KEY or ANTHROPIC_API_KEY"
            + " (optionally with LLM_MODEL), or OPENAI_BASE_URL and LLM_MODEL for an"
            + " OpenAI-compatible server");
  }

  private LlmConfig explicit(String name) {
    return switch (name) {
      case "openai" -> hosted(ProviderKind.OPENAI);
      case "groq" -> hosted(ProviderKind.GROQ);
      case "anthropic" -> hosted(ProviderKind.ANTHROPIC);
      case "openai-compatible", "openai_compatible" -> {
        if (openaiBaseUrl == null) {
          throw new LlmException(
              Kind.CONFIG,
              "LLM_PROVIDER=openai-compatible needs OPENAI_BASE_URL: set it to the server's"
                  + " OpenAI API root, e.g. http://localhost:11434/v1 for Ollama");
        }
        yield compatible();
      }
      default ->
          throw new LlmException(
              Kind.CONFIG,
              "LLM_PROVIDER '"
                  + provider
                  + "' is not known: use openai, groq, anthropic or openai-compatible, or unset it"
                  + " to choose from LLM_MODEL and the keys present");
    };
  }

  private LlmConfig hosted(ProviderKind kind) {
    if (key(kind) == null) {
      String hint =
          kind == ProviderKind.OPENAI
              ? " (for a server that needs no key, use LLM_PROVIDER=openai-compatible)"
              : "";
      throw new LlmException(
          Kind.CONFIG,
          "LLM_PROVIDER="
              + kind.name().toLowerCase(Locale.ROOT)
              + " but "
              + kind.keyVariable()
              + " is not set: set "
              + kind.keyVariable()
              + ", or change LLM_PROVIDER"
              + hint);
    }
    return config(kind, modelOr(kind));
  }

  /** An OpenAI-compatible server at OPENAI_BASE_URL; the key is optional, the model is not. */
  private LlmConfig compatible() {
    if (model == null) {
      throw new LlmException(
          Kind.CONFIG,
          "LLM_MODEL is not set: an OpenAI-compatible server (OPENAI_BASE_URL) has no default"
              + " model; set LLM_MODEL to a model it serves");
    }
    return config(ProviderKind.OPENAI_COMPATIBLE, model);
  }

  private LlmConfig config(ProviderKind kind, String chosenModel) {
    String key = key(kind);
    return new LlmConfig(
        kind,
        chosenModel,
        key == null ? null : ApiKey.of(key),
        baseUrl(kind),
        requestTimeout,
        retry);
  }

  private String modelOr(ProviderKind kind) {
    return model == null ? kind.defaultModel() : model;
  }

  private String key(ProviderKind kind) {
    return switch (kind) {
      case OPENAI, OPENAI_COMPATIBLE -> openaiKey;
      case GROQ -> groqKey;
      case ANTHROPIC -> anthropicKey;
    };
  }

  private URI baseUrl(ProviderKind kind) {
    String value =
        switch (kind) {
          case OPENAI, OPENAI_COMPATIBLE -> openaiBaseUrl;
          case GROQ -> groqBaseUrl;
          case ANTHROPIC -> anthropicBaseUrl;
        };
    if (value == null) {
      return kind.defaultBaseUrl();
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new LlmException(
        Kind.CONFIG,
        kind.baseUrlVariable()
            + " is not an http(s) URL: set it like "
            + (kind.defaultBaseUrl() == null ? "http://localhost:11434/v1" : kind.defaultBaseUrl())
            + " or unset it");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
