package io.mcpbot.cli;

import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.SlackBot;
import io.mcpbot.cli.http.HealthRoutes;
import io.mcpbot.cli.http.HttpEndpoint;
import io.mcpbot.cli.http.OAuthSite;
import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.config.SlackSettings;
import io.mcpbot.core.store.DatabaseUrl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot as {@code mcpbot run} runs it: configuration checked (every problem at once), then the
 * {@link Services} (database migrated, servers synced from servers_config.json, session pool,
 * agent), Slack connected, one ready line logged. {@link #stop()} stops taking events, lets turns
 * in flight finish within the grace, ends every MCP session, then closes the database. Thread-safe;
 * start once, stop once.
 */
final class RunningBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunningBot.class);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Services runtime;
  private final SlackBot bot;
  private final HttpEndpoint http;
  private final String readyLine;
  private boolean closed;

  private RunningBot(Settings settings, Duration shutdownGrace) {
    BotConfig.Builder botConfig = checkedConfig(settings, shutdownGrace);
    runtime = Services.start(settings);
    HttpEndpoint endpoint = null;
    try {
      bot =
          new SlackBot(
              botConfig.metrics(runtime.metrics()).build(),
              new BotServices(
                  runtime.store(),
                  runtime.userServers(),
                  runtime.pool(),
                  runtime.agent(),
                  runtime.handoff()),
              runtime.oauth(),
              runtime.startLinks());
      // before Slack: a taken port must fail the start, not a user's first Connect
      endpoint =
          HttpEndpoint.start(
              settings.http(),
              new OAuthSite(
                  runtime.oauth(),
                  runtime::remoteServer,
                  runtime.startLinks(),
                  runtime.clientMetadata()),
              bot::connected,
              new HealthRoutes(runtime.database(), bot::isConnected, runtime.registry()));
      SlackBot.Identity me;
      try {
        me = bot.start();
      } catch (RuntimeException e) {
        bot.stop();
        throw e;
      }
      readyLine =
          ("mcpbot ready: @%s (%s) in workspace %s (%s); %d server(s) active; database %s; LLM %s"
                  + " %s; %s; HTTP on port %d")
              .formatted(
                  me.userName(),
                  me.userId(),
                  me.team(),
                  me.teamId(),
                  runtime.directory().active().size(),
                  runtime.database().url().kind() == DatabaseUrl.Kind.H2
                      ? "H2 (embedded)"
                      : "PostgreSQL",
                  runtime.provider().name(),
                  runtime.agent().config().model(),
                  runtime.sandbox().status().readyLine(),
                  endpoint.port());
      log.info(readyLine);
    } catch (RuntimeException e) {
      if (endpoint != null) {
        endpoint.close();
      }
      runtime.close();
      throw e;
    }
    http = endpoint;
  }

  /**
   * Starts the bot.
   *
   * @throws ConfigException listing every missing or invalid setting
   * @throws io.mcpbot.core.McpbotException when the database, servers file, LLM or Slack refuse
   */
  static RunningBot start(Settings settings, Duration shutdownGrace) {
    return new RunningBot(settings, shutdownGrace);
  }

  // Settings checks every Slack value (token kinds, SLACK_API_URL, who may use the bot) along with
  // the rest: all problems at once; the adapter's config is then built from values already valid.
  static BotConfig.Builder checkedConfig(Settings settings, Duration shutdownGrace) {
    List<String> problems =
        Context.problems(settings, Need.SLACK, Need.ENCRYPTION, Need.LLM, Need.AGENT);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    SlackSettings slack = settings.slack();
    BotConfig.Builder config =
        BotConfig.builder(slack.botToken().reveal(), slack.appToken().reveal())
            .apiUrl(slack.apiUrl())
            .access(settings.access())
            .shutdownGrace(shutdownGrace);
    settings
        .agent()
        .elicitationTimeoutSeconds()
        .ifPresent(s -> config.elicitationTimeout(Duration.ofSeconds(s)));
    return config;
  }

  /** The line logged once connected. */
  String readyLine() {
    return readyLine;
  }

  /** The port the HTTP endpoint listens on (the one chosen when HTTP_PORT is 0). */
  int httpPort() {
    return http.port();
  }

  /** Blocks until {@link #stop()} has finished. */
  void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** Stops the bot, waits for turns in flight (bounded), ends every MCP session, closes the DB. */
  void stop() {
    close();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      bot.stop();
    } finally {
      http.close();
      runtime.close();
      stopped.countDown();
      log.info("mcpbot stopped");
    }
  }
}
