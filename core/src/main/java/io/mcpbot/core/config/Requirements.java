package io.mcpbot.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** What each {@link Need} requires to be set; the messages say which variable and how to fix. */
final class Requirements {
  static final Set<String> LLM_PROVIDERS =
      Set.of("openai", "groq", "anthropic", "openai-compatible", "openai_compatible");

  private Requirements() {}

  static List<String> missing(
      Need need, Function<String, Optional<String>> get, boolean hasKeys, String llmProvider) {
    List<String> out = new ArrayList<>();
    switch (need) {
      case DATABASE -> {}
      case ENCRYPTION -> {
        if (!hasKeys && get.apply("MASTER_PASSWORD").isEmpty()) {
          out.add(Settings.MISSING_ENCRYPTION);
        }
      }
      case SLACK -> {
        if (get.apply("SLACK_BOT_TOKEN").isEmpty()) {
          out.add(
              "Missing SLACK_BOT_TOKEN: set it to the app's Bot User OAuth Token (xoxb-..., Slack"
                  + " app settings > OAuth & Permissions)");
        } else if (get.apply("SLACK_BOT_TOKEN").orElseThrow().startsWith("xapp-")) {
          out.add(
              "SLACK_BOT_TOKEN holds an app-level token (xapp-...): put it in SLACK_APP_TOKEN"
                  + " and set SLACK_BOT_TOKEN to the xoxb- bot token");
        }
        if (get.apply("SLACK_APP_TOKEN").isEmpty()) {
          out.add(
              "Missing SLACK_APP_TOKEN: set it to an app-level token with connections:write"
                  + " (xapp-..., Slack app settings > Basic Information); Socket Mode needs it");
        } else if (get.apply("SLACK_APP_TOKEN").orElseThrow().startsWith("xoxb-")) {
          out.add(
              "SLACK_APP_TOKEN holds a bot token (xoxb-...): put it in SLACK_BOT_TOKEN and"
                  + " set SLACK_APP_TOKEN to the xapp- app-level token");
        }
      }
      case LLM -> out.addAll(missingLlm(get, llmProvider));
    }
    return out;
  }

  private static List<String> missingLlm(
      Function<String, Optional<String>> get, String llmProvider) {
    boolean openai =
        get.apply("OPENAI_API_KEY").isPresent() || get.apply("OPENAI_BASE_URL").isPresent();
    boolean groq = get.apply("GROQ_API_KEY").isPresent();
    boolean anthropic = get.apply("ANTHROPIC_API_KEY").isPresent();
    if (llmProvider == null || !LLM_PROVIDERS.contains(llmProvider)) {
      return openai || groq || anthropic || llmProvider != null
          ? List.of()
          : List.of(
              "Missing LLM configuration: set OPENAI_API_KEY, GROQ_API_KEY or ANTHROPIC_API_KEY"
                  + " (or OPENAI_BASE_URL for an OpenAI-compatible server such as Ollama)");
    }
    boolean compatible = llmProvider.startsWith("openai_") || llmProvider.startsWith("openai-");
    boolean ok =
        switch (llmProvider) {
          case "openai" -> openai;
          case "groq" -> groq;
          case "anthropic" -> anthropic;
          default -> get.apply("OPENAI_BASE_URL").isPresent();
        };
    if (ok) {
      return List.of();
    }
    if (compatible) {
      return List.of(
          "LLM_PROVIDER is "
              + llmProvider
              + " but OPENAI_BASE_URL is not set: set it to the server's OpenAI API root (e.g."
              + " http://localhost:11434/v1 for Ollama) or change LLM_PROVIDER");
    }
    String key = llmProvider.toUpperCase(Locale.ROOT) + "_API_KEY";
    return List.of(
        "LLM_PROVIDER is "
            + llmProvider
            + " but "
            + key
            + " is not set: set "
            + key
            + " or change LLM_PROVIDER");
  }
}
