package io.mcpbot.core.llm;

import java.net.URI;

/**
 * The services mcpbot speaks to, with their defaults and the variable names used in messages.
 * OPENAI, GROQ and OPENAI_COMPATIBLE (Ollama, vLLM, LiteLLM... at OPENAI_BASE_URL) share the Chat
 * Completions wire; OPENAI_COMPATIBLE has no default base URL or model and its key is optional.
 */
public enum ProviderKind {
  OPENAI("OpenAI", "https://api.openai.com/v1", "gpt-4o-mini", "OPENAI_API_KEY", "OPENAI_BASE_URL"),
  GROQ(
      "Groq",
      "https://api.groq.com/openai/v1",
      "llama-3.3-70b-versatile",
      "GROQ_API_KEY",
      "GROQ_BASE_URL"),
  ANTHROPIC(
      "Anthropic",
      "https://api.anthropic.com",
      "claude-sonnet-4-5",
      "ANTHROPIC_API_KEY",
      "ANTHROPIC_BASE_URL"),
  OPENAI_COMPATIBLE("OpenAI-compatible server", null, null, "OPENAI_API_KEY", "OPENAI_BASE_URL");

  private final String displayName;
  private final URI defaultBaseUrl;
  private final String defaultModel;
  private final String keyVariable;
  private final String baseUrlVariable;

  ProviderKind(
      String displayName,
      String defaultBaseUrl,
      String defaultModel,
      String keyVariable,
      String baseUrlVariable) {
    this.displayName = displayName;
    this.defaultBaseUrl = defaultBaseUrl == null ? null : URI.create(defaultBaseUrl);
    this.defaultModel = defaultModel;
    this.keyVariable = keyVariable;
    this.baseUrlVariable = baseUrlVariable;
  }

  public String displayName() {
    return displayName;
  }

  /** The provider's own API root; null for OPENAI_COMPATIBLE. */
  public URI defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /** The model used when LLM_MODEL is not set; null for OPENAI_COMPATIBLE. */
  public String defaultModel() {
    return defaultModel;
  }

  /** The environment variable holding this provider's API key. */
  public String keyVariable() {
    return keyVariable;
  }

  /** The environment variable overriding this provider's base URL. */
  public String baseUrlVariable() {
    return baseUrlVariable;
  }

  /** True for the kinds that speak OpenAI Chat Completions. */
  public boolean speaksOpenAi() {
    return this != ANTHROPIC;
  }
}
