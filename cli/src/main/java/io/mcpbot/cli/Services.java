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
import io.mcpbot.core.oauth.OAuthConnections;
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
 */
public final class Services implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Services.class);

  private final Context context;
  private final Database database;
  private final Store store;
  private final ServerDirectory directory;
  private final Sandbox sandbox;
  private final SessionPool pool;
  private final UserServers userServers;
  private final LlmProvider provider;
  private final Agent agent;
  private final OAuthFlows flows;
  private final Optional<URI> clientMetadataUrl;
  private final StartLinks startLinks;
  private final ReplicaId replica = ReplicaId.PROCESS;
  private final ChangeFeed changeFeed;
  private final TurnHandoff handoff;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BotMetrics metrics = new BotMetrics(registry);

  private Services(Context context, LlmProvider providerOverride) {
    this.context = context;
    Settings settings = context.settings();
    this.database = context.database();
    this.store = context.store();
    KeyRing keys = context.keyRing();
    // the provider first: a bad LLM setting must fail before any MCP process can start
    String model;
    if (providerOverride != null) {
      this.provider = providerOverride;
      model = settings.llmModel().orElse(providerOverride.name());
    } else {
      LlmConfig llm = settings.llm();
      this.provider = LlmProviders.create(llm, LlmProviders.defaultHttpClient());
      model = llm.model();
    }
    AgentConfig agentConfig = agentConfig(settings.agent(), model);
    this.sandbox = detectSandbox(settings.pool().sandbox());
    ServerSync.sync(
        store, ServersConfig.load(settings.serversConfigPath()), false, replica.value());
    this.directory = new ServerDirectory(store);
    HttpSettings http = settings.http();
    this.clientMetadataUrl =
        http.publicBase().map(u -> u.resolve(HttpEndpoint.CLIENT_METADATA_PATH.substring(1)));
    this.flows =
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
    this.pool =
        new SessionPool(poolConfig, new StoreServerSource(store, keys, directory), settings::env);
    this.userServers = new UserServers(store, keys, pool, directory, replica);
    // other replicas' (and sync-servers') changes close this process's stale sessions
    this.changeFeed =
        ChangeFeed.start(
            database, replica, ChangeFeed.restarting(pool), ChangeFeed.Options.defaults());
    // On PostgreSQL several replicas may share the database: each user's turns run on the replica
    // holding their lease. On H2 too every turn is queued before its ack, so a restarted bot (a new
    // replica id) answers what the previous process left in the queue.
    this.handoff =
        TurnHandoff.start(
            database, replica, settings.database().leaseTtl(), Clock.systemUTC(), null);
    changeFeed.onHandoff(handoff::wakeUp);
    this.agent = new Agent(store, pool, provider, agentConfig, Clock.systemUTC(), metrics);
    metrics.sessions(() -> pool.stats().liveSessions(), poolConfig.maxSessions());
    this.startLinks =
        new StartLinks(
            http.publicUrl(),
            StartLinks.keyMaterial(settings.encryption()),
            StartLinks.DEFAULT_TTL,
            Clock.systemUTC());
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
      return new Services(context, provider);
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

  public Database database() {
    return database;
  }

  public Store store() {
    return store;
  }

  public ServerDirectory directory() {
    return directory;
  }

  /** The sandbox every MCP server process starts in (its status names which is active). */
  public Sandbox sandbox() {
    return sandbox;
  }

  public SessionPool pool() {
    return pool;
  }

  public UserServers userServers() {
    return userServers;
  }

  public LlmProvider provider() {
    return provider;
  }

  public Agent agent() {
    return agent;
  }

  /** Connecting users' accounts to remote servers that need OAuth. */
  public OAuthConnections oauth() {
    return flows;
  }

  /** The Client ID Metadata Document the bot serves, or null without PUBLIC_URL. */
  public Supplier<String> clientMetadata() {
    return clientMetadataUrl.isPresent() ? flows::clientMetadataDocument : null;
  }

  /** The active remote server of that name (for the OAuth routes). */
  public Optional<RemoteServer> remoteServer(String name) {
    return directory
        .find(name)
        .map(ServerDirectory.Entry::definition)
        .flatMap(d -> d instanceof RemoteServer r ? Optional.of(r) : Optional.empty());
  }

  /** Hands turns to the replica holding their user's lease (PostgreSQL), or null (H2). */
  public TurnHandoff handoff() {
    return handoff;
  }

  /** This process's name among the replicas (stamped on the changes it publishes). */
  public ReplicaId replica() {
    return replica;
  }

  /** The signed Connect links of this deployment (none without PUBLIC_URL). */
  public StartLinks startLinks() {
    return startLinks;
  }

  /** The bot's metrics, recorded into {@link #registry()}. */
  public BotMetrics metrics() {
    return metrics;
  }

  /** The Prometheus registry {@code /metrics} scrapes. */
  public PrometheusMeterRegistry registry() {
    return registry;
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
