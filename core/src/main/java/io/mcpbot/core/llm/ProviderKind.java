package io.mcpbot.core.llm;

import java.net.URI;

/**
 * The services mcpbot speaks to, with their defaults and the variable names used in messages.
 * OPENAI, GROQ and OPENAI_COMPATIBLE (Ollama, vLLM, LiteLLM... at OPENAI_BASE_URL) share the Chat
 * Completions wire; OPENAI_COMPATIBLE has no default base URL or model and its key is optional.
 */
public enum ProviderKind {
  OPENAI("OpenAI", "https://api.openai.com/v1", "gpt-4o-mini", "OPENAI"),
  GROQ("Groq", "https://api.groq.com/openai/v1", "llama-3.3-70b-versatile", "GROQ"),
  ANTHROPIC("Anthropic", "https://api.anthropic.com", "claude-sonnet-4-5", "ANTHROPIC"),
  OPENAI_COMPATIBLE("OpenAI-compatible server", null, null, "OPENAI");

  private final String displayName;
  private final URI defaultBaseUrl;
  private final String defaultModel;
  // the provider's variables are <prefix>_API_KEY and <prefix>_BASE_URL
  private final String variablePrefix;

  ProviderKind(
      String displayName, String defaultBaseUrl, String defaultModel, String variablePrefix) {
    this.displayName = displayName;
    this.defaultBaseUrl = defaultBaseUrl == null ? null : URI.create(defaultBaseUrl);
    this.defaultModel = defaultModel;
    this.variablePrefix = variablePrefix;
  }

  /** "OpenAI", "Groq", "Anthropic" or "OpenAI-compatible server". */
  public String displayName() {
    return displayName;
  }

  /** The environment variable holding this provider's API key. */
  public String keyVariable() {
    return variablePrefix + "_API_KEY";
  }

  /** The provider's own API root; null for OPENAI_COMPATIBLE. */
  public URI defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /** The environment variable overriding this provider's base URL. */
  public String baseUrlVariable() {
    return variablePrefix + "_BASE_URL";
  }

  /** The model used when LLM_MODEL is not set; null for OPENAI_COMPATIBLE. */
  public String defaultModel() {
    return defaultModel;
  }

  /** True for the kinds that speak OpenAI Chat Completions. */
  public boolean speaksOpenAi() {
    return this != ANTHROPIC;
  }
}
