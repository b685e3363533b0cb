package io.mcpbot.cli;

import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.CoreBotBackend;
import io.mcpbot.bot.SlackBot;
import io.mcpbot.core.admin.ServerSync;
import io.mcpbot.core.admin.SyncResult;
import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.config.Secret;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderSelection;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.users.ServerDirectory;
import io.mcpbot.core.users.StoreServerSource;
import io.mcpbot.core.users.UserServers;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot as {@code mcpbot run} runs it: configuration checked (every problem at once), database
 * migrated, servers synced from servers_config.json, session pool, agent, Slack connected, one
 * ready line logged. {@link #stop()} stops taking events, lets turns in flight finish within the
 * grace, closes every MCP session, then the database. Thread-safe; start once, stop once.
 */
final class RunningBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunningBot.class);
  private static final List<String> LLM_VARIABLES =
      List.of(
          "LLM_PROVIDER",
          "LLM_MODEL",
          "OPENAI_API_KEY",
          "GROQ_API_KEY",
          "ANTHROPIC_API_KEY",
          "OPENAI_BASE_URL",
          "GROQ_BASE_URL",
          "ANTHROPIC_BASE_URL");

  // closed in reverse order of opening
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final String readyLine;
  private boolean closed;

  private RunningBot(Settings settings, Duration shutdownGrace) {
    settings.require(Need.SLACK, Need.ENCRYPTION, Need.LLM, Need.DATABASE);
    // Everything that can be checked without the network comes before it.
    ServersConfig servers = ServersConfig.load(settings.serversConfigPath());
    servers.warnings().forEach(w -> log.warn("servers_config.json: {}", w));
    LlmConfig llm = ProviderSelection.fromVariables(llmVariables(settings)).select();
    BotConfig botConfig =
        BotConfig.of(
                settings.slackBotToken().map(Secret::reveal).orElseThrow(),
                settings.slackAppToken().map(Secret::reveal).orElseThrow(),
                settings.slackApiUrl().toString())
            .withShutdownGrace(shutdownGrace);
    try {
      Context ctx = Context.open(settings, Context.Migrate.YES, Need.ENCRYPTION);
      resources.push(ctx);
      SyncResult sync = ServerSync.sync(ctx.store(), servers, false);
      if (sync.changedAnything()) {
        sync.changes().stream()
            .filter(c -> c.action() != SyncResult.Action.UNCHANGED)
            .forEach(c -> log.info("server {} {} {}", c.server(), c.action().label(), c.detail()));
      }
      ServerDirectory directory = new ServerDirectory(ctx.store());
      SessionPool pool =
          new SessionPool(
              PoolConfig.defaults(settings.userDataRoot()),
              new StoreServerSource(ctx.store(), ctx.keyRing(), directory),
              settings::env);
      resources.push(pool);
      UserServers users = new UserServers(ctx.store(), ctx.keyRing(), pool, directory);
      LlmProvider provider = LlmProviders.create(llm, LlmProviders.defaultHttpClient());
      Agent agent = new Agent(ctx.store(), pool, provider, AgentConfig.defaults(llm.model()));
      SlackBot bot = new SlackBot(botConfig, new CoreBotBackend(ctx.store(), users, pool, agent));
      resources.push(bot);
      SlackBot.Identity me = bot.start();
      readyLine =
          "mcpbot ready: @%s (%s) in workspace %s (%s); %d server(s) active; database %s; LLM %s %s"
              .formatted(
                  me.userName(),
                  me.userId(),
                  me.team(),
                  me.teamId(),
                  directory.active().size(),
                  ctx.database().url().kind() == io.mcpbot.core.store.DatabaseUrl.Kind.H2
                      ? "H2 (embedded)"
                      : "PostgreSQL",
                  provider.name(),
                  llm.model());
      log.info(readyLine);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts the bot; throws ConfigException, StoreException or McpbotException on failure. */
  static RunningBot start(Settings settings, Duration shutdownGrace) {
    return new RunningBot(settings, shutdownGrace);
  }

  /** The line logged once connected. */
  String readyLine() {
    return readyLine;
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
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.getMessage());
      }
    }
    stopped.countDown();
    log.info("mcpbot stopped");
  }

  private static Map<String, String> llmVariables(Settings settings) {
    Map<String, String> vars = new HashMap<>();
    for (String name : LLM_VARIABLES) {
      String value = settings.env(name);
      if (value != null) {
        vars.put(name, value);
      }
    }
    return vars;
  }
}
