package io.mcpbot.bot;

import io.mcpbot.core.config.AccessSettings;
import io.mcpbot.core.config.SlackSettings;
import io.mcpbot.core.metrics.BotMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the Slack adapter, built by {@link #builder(String, String)}. Immutable and
 * thread-safe; tokens print as {@code <masked>}. The tokens' kinds (xoxb-, xapp-) and the API URL's
 * form are checked by the configuration loader ({@code io.mcpbot.core.config.Settings}), not here.
 *
 * @param botToken the bot token (xoxb-...)
 * @param appToken the app-level token with connections:write (xapp-...)
 * @param apiUrl the Web API prefix, ending in a slash; Socket Mode follows it
 * @param turnTimeout how long one agent turn may run before the user gets a timeout reply
 * @param shutdownGrace how long {@link SlackBot#stop()} waits for turns in flight
 * @param progressInterval minimum time between two progress updates of one placeholder
 * @param submitTimeout how long a modal submission may wait for the save before the modal is closed
 *     and the result sent as a direct message (Slack allows 3 s)
 * @param homeToolsWait how long building the App Home waits for the user's servers to list their
 *     tools before it is shown without the ones still starting (and published again once they are
 *     up)
 * @param access who may use the bot and how many turns one user may run at once
 * @param profileCacheTtl how long a users.info answer (profile, team, guest flags) is reused for
 *     access decisions: a user made a guest or removed from an allowed team is refused at most this
 *     long after
 * @param eventRetention how long a processed Slack event_id is remembered for dedupe
 * @param eventPurgePeriod how often older processed events are purged while the bot runs
 * @param metrics where events received and deduplicated are counted
 * @param elicitationTimeout how long a server's question (MCP elicitation) waits for the user's
 *     answer before it counts as cancelled
 */
public record BotConfig(
    String botToken,
    String appToken,
    String apiUrl,
    Duration turnTimeout,
    Duration shutdownGrace,
    Duration progressInterval,
    Duration submitTimeout,
    Duration homeToolsWait,
    AccessSettings access,
    Duration profileCacheTtl,
    Duration eventRetention,
    Duration eventPurgePeriod,
    BotMetrics metrics,
    Duration elicitationTimeout) {

  /** A builder with the defaults; the tokens are the bot token and the app-level token. */
  public static Builder builder(String botToken, String appToken) {
    return new Builder(botToken, appToken);
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
    private BotMetrics metrics = BotMetrics.NONE;
    private Duration elicitationTimeout = Duration.ofMinutes(5);

    private Builder(String botToken, String appToken) {
      this.botToken = Objects.requireNonNull(botToken, "botToken");
      this.appToken = Objects.requireNonNull(appToken, "appToken");
    }

    /** Default {@link SlackSettings#DEFAULT_API_URL}. */
    public Builder apiUrl(URI value) {
      this.apiUrl = Objects.requireNonNull(value, "apiUrl");
      return this;
    }

    /**
     * Default {@link AccessSettings#DEFAULTS}: no allowlists, guests and external users refused.
     */
    public Builder access(AccessSettings value) {
      this.access = Objects.requireNonNull(value, "access");
      return this;
    }

    /**
     * How long one answer may take (default 5 minutes) and how long the bot lets answers in
     * progress finish when it stops (default 30 seconds).
     */
    public Builder turns(Duration turnTimeout, Duration shutdownGrace) {
      this.turnTimeout = turnTimeout;
      this.shutdownGrace = shutdownGrace;
      return this;
    }

    /** How long answers in progress may finish when the bot stops (default 30 seconds). */
    public Builder shutdownGrace(Duration value) {
      return turns(turnTimeout, value);
    }

    /**
     * How often progress lines may replace each other (default 1 second; zero shows every line) and
     * how long the App Home waits for tool lists before it shows what it has (default 2 s).
     */
    public Builder pacing(Duration progressInterval, Duration homeToolsWait) {
      this.progressInterval = progressInterval;
      this.homeToolsWait = homeToolsWait;
      return this;
    }

    /** How long saving credentials from the modal may take before it answers (default 2.5 s). */
    public Builder submitTimeout(Duration value) {
      this.submitTimeout = value;
      return this;
    }

    /** Event counters go to {@code value}; {@link BotMetrics#NONE} by default. */
    public Builder metrics(BotMetrics value) {
      this.metrics = java.util.Objects.requireNonNull(value, "metrics");
      return this;
    }

    /**
     * How long a processed event_id is remembered for dedupe (default 7 days) and how often older
     * ones are purged while the bot runs (default 1 hour).
     */
    public Builder eventRetention(Duration retention, Duration purgePeriod) {
      this.eventRetention = retention;
      this.eventPurgePeriod = purgePeriod;
      return this;
    }

    /** How long a server's question waits for the user before it counts as cancelled; 5 min. */
    public Builder elicitationTimeout(Duration value) {
      this.elicitationTimeout = value;
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
      positive("elicitationTimeout", elicitationTimeout);
      if (progressInterval == null || progressInterval.isNegative()) {
        throw new IllegalArgumentException("progressInterval must be zero or more");
      }
      String scheme = apiUrl.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("apiUrl must be an http(s) URL, got " + apiUrl);
      }
      String url = apiUrl.toString();
      return new BotConfig(
          botToken,
          appToken,
          url.endsWith("/") ? url : url + "/",
          turnTimeout,
          shutdownGrace,
          progressInterval,
          submitTimeout,
          homeToolsWait,
          access,
          profileCacheTtl,
          eventRetention,
          eventPurgePeriod,
          metrics,
          elicitationTimeout);
    }

    private static void positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
    }
  }
}
