package io.mcpbot.bot;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.methods.response.auth.AuthTestResponse;
import io.mcpbot.bot.internal.AccessGate;
import io.mcpbot.bot.internal.ApprovalCards;
import io.mcpbot.bot.internal.AssistantThreads;
import io.mcpbot.bot.internal.ConnectPrompt;
import io.mcpbot.bot.internal.ElicitationCards;
import io.mcpbot.bot.internal.EventPurge;
import io.mcpbot.bot.internal.FirstContact;
import io.mcpbot.bot.internal.HomeController;
import io.mcpbot.bot.internal.Lanes;
import io.mcpbot.bot.internal.MessageTurns;
import io.mcpbot.bot.internal.SlackApi;
import io.mcpbot.bot.internal.SlackUsers;
import io.mcpbot.bot.internal.SocketConnection;
import io.mcpbot.bot.internal.TurnLimit;
import io.mcpbot.bot.internal.VirtualThreads;
import io.mcpbot.core.McpbotException;
import io.mcpbot.core.oauth.OAuthConnections;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack side of mcpbot: a Bolt app over Socket Mode that answers DMs and mentions and serves
 * the App Home, delegating all real work to the core {@link BotServices}. Start once, stop once;
 * thread-safe.
 */
public final class SlackBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SlackBot.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private final BotConfig config;
  private final Slack slack;
  private final App app;
  private final SlackApi api;
  private final Lanes lanes = new Lanes();
  private final EventPurge purge;
  private volatile String botUserId;
  private final HomeController homeController;
  private volatile AccessGate.Home home = new AccessGate.Home(null, null);
  private SocketConnection connection;
  private boolean started;
  private boolean stopped;

  public SlackBot(BotConfig config, BotServices core) {
    this(config, core, null, ConnectLinks.NONE);
  }

  /**
   * A bot whose App Home offers Connect, Reconnect and Disconnect for remote servers that need
   * OAuth ({@code oauth} null: none do), with Connect buttons to {@code links}.
   */
  public SlackBot(BotConfig config, BotServices core, OAuthConnections oauth, ConnectLinks links) {
    Objects.requireNonNull(links, "links");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(core, "core");
    VirtualThreads threads = new VirtualThreads();
    SlackConfig slackConfig = new SlackConfig();
    slackConfig.setMethodsEndpointUrlPrefix(config.apiUrl());
    // The default listeners log every request and response body at debug level.
    slackConfig.setHttpClientResponseHandlers(new ArrayList<>());
    slackConfig.setStatsEnabled(false);
    slackConfig.setExecutorServiceProvider(threads);
    this.slack = Slack.getInstance(slackConfig);
    this.app =
        new App(
            AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(config.botToken())
                .executorServiceProvider(threads)
                .subtypedMessageEventsAutoAckEnabled(true)
                .allEventsApiAutoAckEnabled(true)
                .build());
    this.api = new SlackApi(slack.methods(config.botToken()));
    SlackUsers slackUsers = new SlackUsers(api, config.profileCacheTtl(), Clock.systemUTC());
    AccessGate gate = new AccessGate(config.access(), slackUsers, () -> home);
    FirstContact firstContact = new FirstContact(core.store(), core.users(), slackUsers);
    TurnLimit limit = new TurnLimit(config.access().maxTurnsPerUser());
    this.homeController =
        new HomeController(core, api, lanes, firstContact, gate, config, oauth, links);
    ConnectPrompt prompt = new ConnectPrompt(api, links, homeController::connectPrompted);
    ApprovalCards approvals = new ApprovalCards(api, lanes.executor());
    approvals.register(app);
    ElicitationCards elicitations = new ElicitationCards(api, config.elicitationTimeout());
    elicitations.register(app);
    AssistantThreads assistant = new AssistantThreads(api, core.users(), lanes);
    assistant.register(app);
    new MessageTurns(
            core,
            api,
            lanes,
            firstContact,
            gate,
            limit,
            config,
            () -> botUserId,
            prompt,
            elicitations,
            assistant)
        .approvals(approvals)
        .register(app);
    homeController.register(app);
    this.purge =
        new EventPurge(
            core.store().events(),
            config.eventRetention(),
            config.eventPurgePeriod(),
            Clock.systemUTC());
  }

  /**
   * {@code userId} finished connecting {@code server} (the OAuth callback succeeded): refreshes
   * their App Home and tells them privately. Returns at once; thread-safe.
   */
  public void connected(String userId, String server) {
    homeController.connected(userId, server);
  }

  /** Whether Socket Mode is connected now (readiness): false before start and after stop. */
  public boolean isConnected() {
    SocketConnection c;
    synchronized (this) {
      c = stopped ? null : connection;
    }
    return c != null && c.isOpen();
  }

  /** Who the bot is in Slack, from auth.test. Immutable. */
  public record Identity(String userId, String userName, String team, String teamId) {}

  /**
   * Checks the bot token (auth.test) and connects Socket Mode; returns who the bot is, for the
   * caller's ready line. Throws McpbotException naming the problem when Slack cannot be reached or
   * a token is refused.
   */
  public synchronized Identity start() {
    if (started) {
      throw new IllegalStateException("SlackBot already started");
    }
    started = true;
    AuthTestResponse auth = api.authTest();
    botUserId = auth.getUserId();
    home = new AccessGate.Home(auth.getTeamId(), auth.getEnterpriseId());
    try {
      app.start();
    } catch (Exception e) {
      throw new McpbotException("could not start the Bolt app: " + e.getMessage(), e);
    }
    connection = new SocketConnection(app, slack, config.appToken());
    connection.connect(CONNECT_TIMEOUT);
    purge.start();
    log.debug("Socket Mode connected via {}", config.apiUrl());
    return new Identity(botUserId, auth.getUser(), auth.getTeam(), auth.getTeamId());
  }

  /**
   * Stops taking events, lets turns in flight finish within the shutdown grace, then interrupts the
   * rest. Idempotent.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    purge.close();
    if (connection != null) {
      connection.close();
    }
    try {
      if (!lanes.awaitIdle(config.shutdownGrace())) {
        log.warn(
            "{} turn(s) still running after {}; interrupting them",
            lanes.pending(),
            config.shutdownGrace());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lanes.close();
    try {
      app.stop();
    } catch (Exception e) {
      log.warn("stopping the Bolt app failed: {}", e.getMessage());
    }
    try {
      slack.close();
    } catch (Exception e) {
      log.debug("closing the Slack client failed: {}", e.getMessage());
    }
    log.info("mcpbot disconnected from Slack");
  }

  @Override
  public void close() {
    stop();
  }
}
