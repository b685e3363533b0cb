package io.mcpbot.bot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the Slack adapter. Immutable; tokens print as {@code <masked>}.
 *
 * @param botToken the bot token (xoxb-...)
 * @param appToken the app-level token with connections:write (xapp-...)
 * @param apiUrl the Web API prefix, e.g. {@code https://slack.com/api/}; Socket Mode follows it
 * @param turnTimeout how long one agent turn may run before the user gets a timeout reply
 * @param shutdownGrace how long {@link SlackBot#stop()} waits for turns in flight
 * @param progressInterval minimum time between two progress updates of one placeholder
 * @param submitTimeout how long a modal submission may wait for the backend before it is closed and
 *     the result sent as a direct message (Slack allows 3 s)
 * @param maxMessageChars the longest text one message carries (Slack's section limit is 3000)
 */
public record BotConfig(
    String botToken,
    String appToken,
    String apiUrl,
    Duration turnTimeout,
    Duration shutdownGrace,
    Duration progressInterval,
    Duration submitTimeout,
    int maxMessageChars) {

  /** Slack's own Web API prefix. */
  public static final String SLACK_API_URL = "https://slack.com/api/";

  public BotConfig {
    List<String> problems = new ArrayList<>();
    if (botToken == null || !botToken.startsWith("xoxb-")) {
      problems.add(
          "SLACK_BOT_TOKEN must be the bot token starting with xoxb- (OAuth & Permissions)");
    }
    if (appToken == null || !appToken.startsWith("xapp-")) {
      problems.add(
          "SLACK_APP_TOKEN must be an app-level token starting with xapp- with connections:write"
              + " (Basic Information > App-Level Tokens)");
    }
    apiUrl = apiUrl == null || apiUrl.isBlank() ? SLACK_API_URL : apiUrl.strip();
    if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
      problems.add("SLACK_API_URL must be an http(s) URL such as " + SLACK_API_URL);
    }
    if (!apiUrl.endsWith("/")) {
      apiUrl = apiUrl + "/";
    }
    turnTimeout = positive(turnTimeout, Duration.ofMinutes(5));
    shutdownGrace = positive(shutdownGrace, Duration.ofSeconds(30));
    progressInterval = progressInterval == null ? Duration.ofSeconds(1) : progressInterval;
    submitTimeout = positive(submitTimeout, Duration.ofMillis(2500));
    if (maxMessageChars <= 0) {
      maxMessageChars = 3000;
    }
    if (maxMessageChars < 200 || maxMessageChars > 3000) {
      problems.add("maxMessageChars must be between 200 and 3000, got " + maxMessageChars);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** Defaults for everything but the tokens and the API URL. */
  public static BotConfig of(String botToken, String appToken, String apiUrl) {
    return new BotConfig(botToken, appToken, apiUrl, null, null, null, null, 0);
  }

  public BotConfig withTurnTimeout(Duration value) {
    return new BotConfig(
        botToken,
        appToken,
        apiUrl,
        value,
        shutdownGrace,
        progressInterval,
        submitTimeout,
        maxMessageChars);
  }

  public BotConfig withProgressInterval(Duration value) {
    return new BotConfig(
        botToken,
        appToken,
        apiUrl,
        turnTimeout,
        shutdownGrace,
        value,
        submitTimeout,
        maxMessageChars);
  }

  public BotConfig withShutdownGrace(Duration value) {
    return new BotConfig(
        botToken,
        appToken,
        apiUrl,
        turnTimeout,
        value,
        progressInterval,
        submitTimeout,
        maxMessageChars);
  }

  public BotConfig withSubmitTimeout(Duration value) {
    return new BotConfig(
        botToken,
        appToken,
        apiUrl,
        turnTimeout,
        shutdownGrace,
        progressInterval,
        value,
        maxMessageChars);
  }

  public BotConfig withMaxMessageChars(int value) {
    return new BotConfig(
        botToken,
        appToken,
        apiUrl,
        turnTimeout,
        shutdownGrace,
        progressInterval,
        submitTimeout,
        value);
  }

  private static Duration positive(Duration value, Duration fallback) {
    return value == null || value.isNegative() || value.isZero() ? fallback : value;
  }

  @Override
  public String toString() {
    return "BotConfig[botToken=<masked>, appToken=<masked>, apiUrl="
        + apiUrl
        + ", turnTimeout="
        + turnTimeout
        + ", shutdownGrace="
        + shutdownGrace
        + ", progressInterval="
        + progressInterval
        + ", submitTimeout="
        + submitTimeout
        + ", maxMessageChars="
        + maxMessageChars
        + "]";
  }
}
