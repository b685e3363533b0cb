package io.mcpbot.core.config;

import io.mcpbot.core.llm.ApiKey;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.ProviderSelection;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The Slack, LLM and agent part of {@link SettingsParser}: each capability parsed and judged once,
 * problems recorded, never thrown. Not thread-safe; messages never echo secret values.
 */
final class CapabilityParser extends SettingsParser {

  private static final List<ProviderKind> HOSTED =
      List.of(ProviderKind.OPENAI, ProviderKind.GROQ, ProviderKind.ANTHROPIC);

  CapabilityParser(Function<String, Optional<String>> get, List<Problem> problems) {
    super(get, problems);
  }

  /** The Slack settings, or null when a token is missing or of the wrong kind (reported). */
  SlackSettings slack() {
    Secret bot = token("SLACK_BOT_TOKEN", "xoxb-", "xapp-");
    Secret app = token("SLACK_APP_TOKEN", "xapp-", "xoxb-");
    URI apiUrl =
        url(
            Need.SLACK,
            "SLACK_API_URL",
            SlackSettings.DEFAULT_API_URL,
            "SLACK_API_URL must be an http(s) URL such as " + SlackSettings.DEFAULT_API_URL);
    return bot == null || app == null ? null : new SlackSettings(bot, app, apiUrl);
  }

  private Secret token(String name, String prefix, String otherPrefix) {
    Optional<String> value = get(name);
    boolean isBot = prefix.equals("xoxb-");
    if (value.isEmpty()) {
      bad(
          Need.SLACK,
          name,
          isBot
              ? "Missing SLACK_BOT_TOKEN: set it to the app's Bot User OAuth Token (xoxb-..., Slack"
                  + " app settings > OAuth & Permissions)"
              : "Missing SLACK_APP_TOKEN: set it to an app-level token with connections:write"
                  + " (xapp-..., Slack app settings > Basic Information); Socket Mode needs it");
    } else if (value.get().startsWith(otherPrefix)) {
      bad(
          Need.SLACK,
          name,
          isBot
              ? "SLACK_BOT_TOKEN holds an app-level token (xapp-...): put it in SLACK_APP_TOKEN"
                  + " and set SLACK_BOT_TOKEN to the xoxb- bot token"
              : "SLACK_APP_TOKEN holds a bot token (xoxb-...): put it in SLACK_BOT_TOKEN and"
                  + " set SLACK_APP_TOKEN to the xapp- app-level token");
    } else if (!value.get().startsWith(prefix)) {
      bad(
          Need.SLACK,
          name,
          isBot
              ? "SLACK_BOT_TOKEN must be the bot token starting with xoxb- (OAuth & Permissions)"
              : "SLACK_APP_TOKEN must be an app-level token starting with xapp- with"
                  + " connections:write (Basic Information > App-Level Tokens)");
    } else {
      return new Secret(value.get().strip());
    }
    return null;
  }

  /**
   * The provider the LLM variables choose, or null when they are invalid or choose none (each
   * reported once, with the selection's own message).
   */
  LlmConfig llm() {
    int before = problemCount();
    ProviderKind provider = null;
    Optional<String> rawProvider = get("LLM_PROVIDER");
    if (rawProvider.isPresent()) {
      provider = ProviderSelection.parseProvider(rawProvider.get());
      if (provider == null) {
        bad(
            Need.LLM,
            "LLM_PROVIDER",
            "LLM_PROVIDER must be openai, groq or anthropic, or openai-compatible for a server at"
                + " OPENAI_BASE_URL (Ollama, vLLM, LiteLLM); or unset it to choose from LLM_MODEL"
                + " and the keys present");
      }
    }
    Map<ProviderKind, ApiKey> keys = new EnumMap<>(ProviderKind.class);
    Map<ProviderKind, URI> baseUrls = new EnumMap<>(ProviderKind.class);
    for (ProviderKind kind : HOSTED) {
      get(kind.keyVariable()).ifPresent(k -> keys.put(kind, ApiKey.of(k)));
      URI url = url(Need.LLM, kind.baseUrlVariable(), null);
      if (url != null) {
        baseUrls.put(kind, url);
      }
    }
    if (problemCount() > before) {
      return null;
    }
    try {
      return new ProviderSelection(provider, get("LLM_MODEL").orElse(null), keys, baseUrls)
          .select();
    } catch (LlmException e) {
      bad(Need.LLM, "LLM_PROVIDER", e.getMessage());
      return null;
    }
  }

  AgentSettings agent() {
    OptionalInt steps =
        wholeNumber(
            Need.AGENT,
            "AGENT_STEP_LIMIT",
            1,
            raw -> "AGENT_STEP_LIMIT must be a whole number >= 1, got '" + raw + "'");
    Optional<String> prompt = Optional.empty();
    Optional<String> promptFile = get("AGENT_SYSTEM_PROMPT_FILE");
    if (promptFile.isPresent()) {
      try {
        prompt = Optional.of(Files.readString(Path.of(promptFile.get()), StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        bad(
            Need.AGENT,
            "AGENT_SYSTEM_PROMPT_FILE",
            "AGENT_SYSTEM_PROMPT_FILE " + promptFile.get() + " cannot be read: check the path");
      }
    }
    return new AgentSettings(
        steps, prompt, seconds("APPROVAL_TIMEOUT"), seconds("ELICITATION_TIMEOUT"));
  }

  // a wait for the user (approval card, server question): whole seconds >= 1 when set
  private OptionalInt seconds(String variable) {
    return wholeNumber(
        Need.AGENT,
        variable,
        1,
        raw -> variable + " must be a whole number of seconds >= 1, got '" + raw + "'");
  }
}
