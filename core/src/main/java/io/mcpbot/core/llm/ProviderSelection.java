package io.mcpbot.core.llm;

import io.mcpbot.core.llm.LlmException.Kind;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's LLM settings, already parsed and judged by the configuration loader, and the
 * choice they imply, as the operator guide describes: LLM_PROVIDER if set; else the family of
 * LLM_MODEL (gpt/o1/o3/o4 OpenAI, claude Anthropic, llama/mixtral/gemma/qwen/deepseek... Groq) when
 * its key is present, or the operator's own server when OPENAI_BASE_URL is set; else the first key
 * present (OpenAI, Groq, Anthropic) with that provider's default model. Immutable and thread-safe;
 * {@code provider} and {@code model} may be null (unset).
 *
 * @param provider LLM_PROVIDER, or null to infer it
 * @param model LLM_MODEL (stripped, non-blank), or null for the provider's default
 * @param keys the API keys present, by OPENAI, GROQ or ANTHROPIC (OPENAI_COMPATIBLE uses OPENAI's)
 * @param baseUrls the base URLs set, keyed the same way
 */
public record ProviderSelection(
    ProviderKind provider,
    String model,
    Map<ProviderKind, ApiKey> keys,
    Map<ProviderKind, URI> baseUrls) {
  private static final List<ProviderKind> HOSTED =
      List.of(ProviderKind.OPENAI, ProviderKind.GROQ, ProviderKind.ANTHROPIC);

  public ProviderSelection {
    model = model == null || model.isBlank() ? null : model.strip();
    keys = Map.copyOf(keys);
    baseUrls = Map.copyOf(baseUrls);
  }

  /**
   * LLM_PROVIDER's value as a kind (openai, groq, anthropic, openai-compatible or
   * openai_compatible, any case), or null if it names none of them.
   */
  public static ProviderKind parseProvider(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "openai" -> ProviderKind.OPENAI;
      case "groq" -> ProviderKind.GROQ;
      case "anthropic" -> ProviderKind.ANTHROPIC;
      case "openai-compatible", "openai_compatible" -> ProviderKind.OPENAI_COMPATIBLE;
      default -> null;
    };
  }

  /**
   * The chosen provider, with the default request timeout and retry policy.
   *
   * @throws LlmException of kind CONFIG naming the variable and the fix when none can be chosen
   */
  public LlmConfig select() {
    if (provider != null) {
      return explicit();
    }
    if (model != null) {
      ProviderKind family = ModelFamily.of(model);
      if (family != null && key(family) != null) {
        return config(family, model);
      }
      if (baseUrls.containsKey(ProviderKind.OPENAI)) {
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
    if (baseUrls.containsKey(ProviderKind.OPENAI)) {
      return compatible();
    }
    throw new LlmException(
        Kind.CONFIG,
        "Missing LLM configuration: set OPENAI_API_KEY, GROQ_API_KEY or ANTHROPIC_API_KEY"
            + " (or OPENAI_BASE_URL for an OpenAI-compatible server such as Ollama)");
  }

  private LlmConfig explicit() {
    String name = provider.name().toLowerCase(Locale.ROOT).replace('_', '-');
    if (provider == ProviderKind.OPENAI_COMPATIBLE) {
      if (!baseUrls.containsKey(ProviderKind.OPENAI)) {
        throw new LlmException(
            Kind.CONFIG,
            "LLM_PROVIDER is "
                + name
                + " but OPENAI_BASE_URL is not set: set it to the server's OpenAI API root (e.g."
                + " http://localhost:11434/v1 for Ollama) or change LLM_PROVIDER");
      }
      return compatible();
    }
    if (key(provider) == null) {
      String key = provider.keyVariable();
      throw new LlmException(
          Kind.CONFIG,
          "LLM_PROVIDER is "
              + name
              + " but "
              + key
              + " is not set: set "
              + key
              + " or change LLM_PROVIDER"
              + (provider == ProviderKind.OPENAI
                  ? " (for a server that needs no key, use LLM_PROVIDER=openai-compatible)"
                  : ""));
    }
    return config(provider, modelOr(provider));
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
    return LlmConfig.builder(kind, chosenModel)
        .apiKey(key(kind))
        .baseUrl(baseUrls.get(wire(kind)))
        .build();
  }

  private String modelOr(ProviderKind kind) {
    return model == null ? kind.defaultModel() : model;
  }

  private ApiKey key(ProviderKind kind) {
    return keys.get(wire(kind));
  }

  /** The kind whose variables configure {@code kind}: OPENAI's for a compatible server. */
  private static ProviderKind wire(ProviderKind kind) {
    return kind == ProviderKind.OPENAI_COMPATIBLE ? ProviderKind.OPENAI : kind;
  }
}
