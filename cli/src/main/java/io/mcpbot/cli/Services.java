package io.mcpbot.cli;

import io.mcpbot.cli.http.HttpEndpoint;
import io.mcpbot.cli.http.StartLinks;
import io.mcpbot.core.admin.ServerSync;
import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.cluster.ChangeFeed;
import io.mcpbot.core.cluster.ReplicaId;
import io.mcpbot.core.cluster.TurnHandoff;
import io.mcpbot.core.config.AgentSettings;
import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.HttpSettings;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.mcp.sandbox.SandboxException;
import io.mcpbot.core.mcp.sandbox.SandboxMode;
import io.mcpbot.core.metrics.BotMetrics;
import io.mcpbot.core.oauth.OAuthAuthorizer;
import io.mcpbot.core.oauth.OAuthFlows;
import io.mcpbot.core.oauth.StoredGrants;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.users.UserServers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services a long-running command needs, wired by hand from the typed {@link Settings}: the
 * migrated database and store, the key ring, the servers of servers_config.json synced into the
 * database, the sandbox (MCP_SANDBOX, probed once), the session pool, the users' server choices,
 * the LLM provider and the agent. Shared by {@code mcpbot chat} and {@code mcpbot run}. Thread-safe
 * once built; {@link #close()} ends every MCP process, then the database pool.
 *
 * @param context the settings, the migrated database, its store and the key ring
 * @param directory the active servers of servers_config.json, as synced into the database
 * @param sandbox the sandbox every MCP server process starts in (its status names which is active)
 * @param pool the users' MCP sessions
 * @param userServers the users' server choices and credentials
 * @param provider the LLM provider
 * @param agent the agent that runs a turn
 * @param oauth connecting users' accounts to remote servers that need OAuth
 * @param clientMetadataUrl where the Client ID Metadata Document is served (empty without
 *     PUBLIC_URL)
 * @param startLinks the signed Connect links of this deployment (none without PUBLIC_URL)
 * @param replica this process's name among the replicas (stamped on the changes it publishes)
 * @param changeFeed other replicas' (and sync-servers') changes, applied to this process's sessions
 * @param handoff hands turns to the replica holding their user's lease
 * @param metrics the bot's metrics, recorded into {@code registry}
 * @param registry the Prometheus registry {@code /metrics} scrapes
 */
public record Services(
    Context context,
    ServerDirectory directory,
    Sandbox sandbox,
    SessionPool pool,
    UserServers userServers,
    LlmProvider provider,
    Agent agent,
    OAuthFlows oauth,
    Optional<URI> clientMetadataUrl,
    StartLinks startLinks,
    ReplicaId replica,
    ChangeFeed changeFeed,
    TurnHandoff handoff,
    BotMetrics metrics,
    PrometheusMeterRegistry registry)
    implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Services.class);

  private static Services wire(Context context, LlmProvider providerOverride) {
    Settings settings = context.settings();
    Store store = context.store();
    KeyRing keys = context.keyRing();
    ReplicaId replica = ReplicaId.PROCESS;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BotMetrics metrics = new BotMetrics(registry);
    // the provider first: a bad LLM setting must fail before any MCP process can start
    LlmProvider provider;
    String model;
    if (providerOverride != null) {
      provider = providerOverride;
      model = settings.llmModel().orElse(providerOverride.name());
    } else {
      LlmConfig llm = settings.llm();
      provider = LlmProviders.create(llm, LlmProviders.defaultHttpClient());
      model = llm.model();
    }
    AgentConfig agentConfig = agentConfig(settings.agent(), model);
    Sandbox sandbox = detectSandbox(settings.pool().sandbox());
    ServerSync.sync(
        store, ServersConfig.load(settings.serversConfigPath()), false, replica.value());
    ServerDirectory directory = new ServerDirectory(store);
    HttpSettings http = settings.http();
    Optional<URI> clientMetadataUrl =
        http.publicBase().map(u -> u.resolve(HttpEndpoint.CLIENT_METADATA_PATH.substring(1)));
    OAuthFlows flows =
        new OAuthFlows(
                new StoredGrants(store, keys, replica),
                http.callbackUrl().orElse(null),
                clientMetadataUrl.orElse(null),
                settings::env)
            .metrics(metrics);
    PoolConfig poolConfig =
        PoolConfig.builder(settings.pool().userDataRoot())
            .sandbox(sandbox)
            .maxLineBytes(serverLineCap(agentConfig))
            .authorizer(new OAuthAuthorizer(flows))
            .metrics(metrics)
            .build();
    SessionPool pool =
        new SessionPool(poolConfig, new StoreServerSource(store, keys, directory), settings::env);
    // other replicas' (and sync-servers') changes close this process's stale sessions
    ChangeFeed changeFeed =
        ChangeFeed.start(
            context.database(),
            replica,
            ChangeFeed.restarting(pool),
            ChangeFeed.Options.defaults());
    // On PostgreSQL several replicas may share the database: each user's turns run on the replica
    // holding their lease. On H2 too every turn is queued before its ack, so a restarted bot (a new
    // replica id) answers what the previous process left in the queue.
    TurnHandoff handoff =
        TurnHandoff.start(
            context.database(), replica, settings.database().leaseTtl(), Clock.systemUTC(), null);
    changeFeed.onHandoff(handoff::wakeUp);
    metrics.sessions(() -> pool.stats().liveSessions(), poolConfig.maxSessions());
    return new Services(
        context,
        directory,
        sandbox,
        pool,
        new UserServers(store, keys, pool, directory, replica),
        provider,
        new Agent(store, pool, provider, agentConfig, Clock.systemUTC(), metrics),
        flows,
        clientMetadataUrl,
        new StartLinks(
            http.publicUrl(),
            StartLinks.keyMaterial(settings.encryption()),
            StartLinks.DEFAULT_TTL,
            Clock.systemUTC()),
        replica,
        changeFeed,
        handoff,
        metrics,
        registry);
  }

  /**
   * Checks the settings (database, encryption, LLM, agent), opens and migrates the database, syncs
   * servers_config.json into it and builds everything.
   *
   * @throws io.mcpbot.core.McpbotException (ConfigException, StoreException, LlmException) with a
   *     message naming the problem and the fix; nothing is left open
   */
  public static Services start(Settings settings) {
    return open(settings, null, Need.ENCRYPTION, Need.LLM, Need.AGENT);
  }

  /**
   * As {@link #start(Settings)} with the LLM provider given (benchmarks, embedding), so no LLM
   * settings are needed; the model id is LLM_MODEL or the provider's name.
   */
  public static Services start(Settings settings, LlmProvider provider) {
    return open(
        settings, Objects.requireNonNull(provider, "provider"), Need.ENCRYPTION, Need.AGENT);
  }

  private static Services open(Settings settings, LlmProvider provider, Need... needs) {
    Context context = Context.open(settings, Context.Migrate.YES, needs);
    try {
      return wire(context, provider);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /**
   * Probes bubblewrap per MCP_SANDBOX: {@code auto} without a working one logs a WARN naming what
   * is missing and the fix; {@code bwrap} without one is a configuration error with the fix.
   */
  static Sandbox detectSandbox(SandboxMode mode) {
    Sandbox sandbox;
    try {
      sandbox = Sandbox.detect(mode);
    } catch (SandboxException e) {
      throw new ConfigException(List.of(e.getMessage()));
    }
    sandbox.status().warning().ifPresent(w -> log.warn("MCP sandbox: {}", w));
    return sandbox;
  }

  /** The agent's configuration: the model, plus AGENT_STEP_LIMIT and the prompt when set. */
  static AgentConfig agentConfig(AgentSettings settings, String model) {
    AgentConfig.Builder config = AgentConfig.builder(model);
    settings.stepLimit().ifPresent(config::stepLimit);
    settings.systemPrompt().ifPresent(config::systemPrompt);
    settings
        .approvalTimeoutSeconds()
        .ifPresent(s -> config.approvalTimeout(java.time.Duration.ofSeconds(s)));
    return config.build();
  }

  /**
   * The longest stdout line (one JSON-RPC message) read from a server, sized to the tool-result
   * cap: the model never sees more than {@code maxToolResultChars} of a result, so reading 8 MiB
   * per message only costs memory. A character is at most 4 bytes in UTF-8 and up to 2x again once
   * JSON-escaped, and a result may carry its text twice (content and structuredContent): 16 bytes
   * per character, never below 1 MiB so a large tools/list still fits.
   */
  static int serverLineCap(AgentConfig agent) {
    long bytes = 16L * agent.maxToolResultChars();
    return (int) Math.min(PoolConfig.MAX_LINE_BYTES, Math.max(1 << 20, bytes));
  }

  /**
   * Makes the database's server catalog match servers_config.json (as {@code mcpbot sync-servers}
   * does), so a changed file takes effect on restart.
   */
  static void syncServers(Store store, ServersConfig config) {
    ServerSync.sync(store, config, false);
  }

  /** The migrated database. */
  public Database database() {
    return context.database();
  }

  /** The store over {@link #database()}. */
  public Store store() {
    return context.store();
  }

  /** The Client ID Metadata Document the bot serves, or null without PUBLIC_URL. */
  public Supplier<String> clientMetadata() {
    return clientMetadataUrl.isPresent() ? oauth::clientMetadataDocument : null;
  }

  /** The active remote server of that name (for the OAuth routes). */
  public Optional<RemoteServer> remoteServer(String name) {
    return directory
        .find(name)
        .map(ServerDirectory.Entry::definition)
        .flatMap(d -> d instanceof RemoteServer r ? Optional.of(r) : Optional.empty());
  }

  /** Ends every MCP session, then closes the database pool. */
  @Override
  public void close() {
    try {
      changeFeed.close();
      if (handoff != null) {
        handoff.close();
      }
      pool.close();
    } finally {
      context.close();
    }
  }
}
