package io.mcpbot.core.config;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Slack capability, judged by the loader: a bot token starting {@code xoxb-}, an app-level
 * token starting {@code xapp-}, and the Web API prefix (with a trailing slash). Immutable; tokens
 * print as {@code <masked>}. Never null fields.
 *
 * @param botToken SLACK_BOT_TOKEN
 * @param appToken SLACK_APP_TOKEN (Socket Mode, connections:write)
 * @param apiUrl SLACK_API_URL, default {@link #DEFAULT_API_URL}
 */
public record SlackSettings(Secret botToken, Secret appToken, URI apiUrl) {

  /** Slack's own Web API prefix. */
  public static final URI DEFAULT_API_URL = URI.create("https://slack.com/api/");

  /** The shape of a Slack user or Enterprise Grid user ID (U0123ABC, W0123ABC); use matches(). */
  public static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,}");

  public SlackSettings {
    Objects.requireNonNull(botToken, "botToken");
    Objects.requireNonNull(appToken, "appToken");
    Objects.requireNonNull(apiUrl, "apiUrl");
  }
}
