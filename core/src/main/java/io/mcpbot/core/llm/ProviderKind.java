package io.mcpbot.core.llm;

import java.net.URI;

/**
 * The wire protocols and hosted services mcpbot speaks to, with their defaults and the variable
 * names used in messages. OPENAI also covers any OpenAI-compatible server (via OPENAI_BASE_URL).
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
      "ANTHROPIC_BASE_URL");

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
    this.defaultBaseUrl = URI.create(defaultBaseUrl);
    this.defaultModel = defaultModel;
    this.keyVariable = keyVariable;
    this.baseUrlVariable = baseUrlVariable;
  }

  public String displayName() {
    return displayName;
  }

  public URI defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /** The model used when LLM_MODEL is not set. */
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
}
