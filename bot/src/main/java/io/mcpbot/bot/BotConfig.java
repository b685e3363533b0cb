package io.mcpbot.bot;

import io.mcpbot.core.config.AccessSettings;
import io.mcpbot.core.config.SlackSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Slack adapter, built by {@link #builder(String, String)}. Immutable and
 * thread-safe; tokens print as {@code <masked>}. The tokens' kinds (xoxb-, xapp-) and the API URL's
 * form are checked by the configuration loader ({@code io.mcpbot.core.config.Settings}), not here.
 */
public final class BotConfig {
  private final String botToken;
  private final String appToken;
  private final String apiUrl;
  private final Duration turnTimeout;
  private final Duration shutdownGrace;
  private final Duration progressInterval;
  private final Duration submitTimeout;
  private final Duration homeToolsWait;
  private final AccessSettings access;
  private final Duration profileCacheTtl;
  private final Duration eventRetention;
  private final Duration eventPurgePeriod;

  private BotConfig(Builder b) {
    this.botToken = b.botToken;
    this.appToken = b.appToken;
    String url = b.apiUrl.toString();
    this.apiUrl = url.endsWith("/") ? url : url + "/";
    this.turnTimeout = b.turnTimeout;
    this.shutdownGrace = b.shutdownGrace;
    this.progressInterval = b.progressInterval;
    this.submitTimeout = b.submitTimeout;
    this.homeToolsWait = b.homeToolsWait;
    this.access = b.access;
    this.profileCacheTtl = b.profileCacheTtl;
    this.eventRetention = b.eventRetention;
    this.eventPurgePeriod = b.eventPurgePeriod;
  }

  /** A builder with the defaults; the tokens are the bot token and the app-level token. */
  public static Builder builder(String botToken, String appToken) {
    return new Builder(botToken, appToken);
  }

  /** The bot token (xoxb-...). */
  public String botToken() {
    return botToken;
  }

  /** The app-level token with connections:write (xapp-...). */
  public String appToken() {
    return appToken;
  }

  /** The Web API prefix, ending in a slash; Socket Mode follows it. */
  public String apiUrl() {
    return apiUrl;
  }

  /** How long one agent turn may run before the user gets a timeout reply. */
  public Duration turnTimeout() {
    return turnTimeout;
  }

  /** How long {@link SlackBot#stop()} waits for turns in flight. */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /** Minimum time between two progress updates of one placeholder. */
  public Duration progressInterval() {
    return progressInterval;
  }

  /**
   * How long a modal submission may wait for the save before the modal is closed and the result
   * sent as a direct message (Slack allows 3 s).
   */
  public Duration submitTimeout() {
    return submitTimeout;
  }

  /**
   * How long building the App Home waits for the user's servers to list their tools before it is
   * shown without the ones still starting (and published again once they are up).
   */
  public Duration homeToolsWait() {
    return homeToolsWait;
  }

  /** Who may use the bot and how many turns one user may run at once. */
  public AccessSettings access() {
    return access;
  }

  /**
   * How long a users.info answer (profile, team, guest flags) is reused for access decisions: a
   * user made a guest or removed from an allowed team is refused at most this long after.
   */
  public Duration profileCacheTtl() {
    return profileCacheTtl;
  }

  /** How long a processed Slack event_id is remembered for dedupe. */
  public Duration eventRetention() {
    return eventRetention;
  }

  /** How often older processed events are purged while the bot runs. */
  public Duration eventPurgePeriod() {
    return eventPurgePeriod;
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
        + ", homeToolsWait="
        + homeToolsWait
        + ", access="
        + access
        + ", profileCacheTtl="
        + profileCacheTtl
        + ", eventRetention="
        + eventRetention
        + ", eventPurgePeriod="
        + eventPurgePeriod
        + "]";
  }

  /** Collects the settings; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private final String botToken;
    private final String appToken;
    private URI apiUrl = SlackSettings.DEFAULT_API_URL;
    private Duration turnTimeout = Duration.ofMinutes(5);
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private Duration progressInterval = Duration.ofSeconds(1);
    private Duration submitTimeout = Duration.ofMillis(2500);
    private Duration homeToolsWait = Duration.ofSeconds(2);
    private AccessSettings access = AccessSettings.DEFAULTS;
    private Duration profileCacheTtl = Duration.ofMinutes(10);
    private Duration eventRetention = Duration.ofDays(7);
    private Duration eventPurgePeriod = Duration.ofHours(1);

    private Builder(String botToken, String appToken) {
      this.botToken = Objects.requireNonNull(botToken, "botToken");
      this.appToken = Objects.requireNonNull(appToken, "appToken");
    }

    /** Default {@link SlackSettings#DEFAULT_API_URL}. */
    public Builder apiUrl(URI value) {
      this.apiUrl = Objects.requireNonNull(value, "apiUrl");
      return this;
    }

    /** Default 5 minutes. */
    public Builder turnTimeout(Duration value) {
      this.turnTimeout = value;
      return this;
    }

    /** Default 30 seconds. */
    public Builder shutdownGrace(Duration value) {
      this.shutdownGrace = value;
      return this;
    }

    /** Default 1 second; zero shows every progress line. */
    public Builder progressInterval(Duration value) {
      this.progressInterval = value;
      return this;
    }

    /** Default 2.5 seconds. */
    public Builder submitTimeout(Duration value) {
      this.submitTimeout = value;
      return this;
    }

    /** Default 2 seconds. */
    public Builder homeToolsWait(Duration value) {
      this.homeToolsWait = value;
      return this;
    }

    /**
     * Default {@link AccessSettings#DEFAULTS}: no allowlists, guests and external users refused.
     */
    public Builder access(AccessSettings value) {
      this.access = Objects.requireNonNull(value, "access");
      return this;
    }

    /** Default 10 minutes. */
    public Builder profileCacheTtl(Duration value) {
      this.profileCacheTtl = value;
      return this;
    }

    /** Default 7 days. */
    public Builder eventRetention(Duration value) {
      this.eventRetention = value;
      return this;
    }

    /** Default 1 hour. */
    public Builder eventPurgePeriod(Duration value) {
      this.eventPurgePeriod = value;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public BotConfig build() {
      positive("turnTimeout", turnTimeout);
      positive("shutdownGrace", shutdownGrace);
      positive("submitTimeout", submitTimeout);
      positive("homeToolsWait", homeToolsWait);
      positive("profileCacheTtl", profileCacheTtl);
      positive("eventRetention", eventRetention);
      positive("eventPurgePeriod", eventPurgePeriod);
      if (progressInterval == null || progressInterval.isNegative()) {
        throw new IllegalArgumentException("progressInterval must be zero or more");
      }
      String scheme = apiUrl.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("apiUrl must be an http(s) URL, got " + apiUrl);
      }
      return new BotConfig(this);
    }

    private static void positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
    }
  }
}
