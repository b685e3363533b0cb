package io.mcpbot.cli;

import io.mcpbot.core.admin.ServerSync;
import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderSelection;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.users.UserServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a long-running command needs, wired from {@link Settings}: the migrated database and
 * store, the key ring, the servers of servers_config.json synced into the database, the session
 * pool, the users' server choices, the LLM provider and the agent. Shared by {@code mcpbot chat}
 * and {@code mcpbot run}. Thread-safe once built; {@link #close()} ends every MCP process, then the
 * database pool.
 *
 * <p>Optional agent settings (read through {@link Settings#env}): AGENT_STEP_LIMIT (default 8) and
 * AGENT_SYSTEM_PROMPT_FILE (a template, see {@link io.mcpbot.core.agent.SystemPrompt}).
 */
public final class Runtime implements AutoCloseable {
  private final Context context;
  private final Settings settings;
  private final Database database;
  private final Store store;
  private final KeyRing keys;
  private final ServerDirectory directory;
  private final SessionPool pool;
  private final UserServers userServers;
  private final LlmProvider provider;
  private final Agent agent;

  private Runtime(Context context, LlmProvider providerOverride) {
    this.context = context;
    this.settings = context.settings();
    this.database = context.database();
    this.store = context.store();
    this.keys = context.keyRing();
    // the provider first: a bad LLM setting must fail before any MCP process can start
    String model;
    if (providerOverride != null) {
      this.provider = providerOverride;
      model = settings.llmModel().orElse(providerOverride.name());
    } else {
      LlmConfig llm = providerSelection(settings).select();
      this.provider = LlmProviders.create(llm, LlmProviders.defaultHttpClient());
      model = llm.model();
    }
    AgentConfig agentConfig = agentConfig(settings, model);
    syncServers(store, ServersConfig.load(settings.serversConfigPath()));
    this.directory = new ServerDirectory(store);
    this.pool =
        new SessionPool(
            PoolConfig.defaults(settings.userDataRoot()),
            new StoreServerSource(store, keys, directory),
            settings::env);
    this.userServers = new UserServers(store, keys, pool, directory);
    this.agent = new Agent(store, pool, provider, agentConfig);
  }

  /**
   * Checks the settings (database, encryption, LLM), opens and migrates the database, syncs
   * servers_config.json into it and builds everything.
   *
   * @throws io.mcpbot.core.McpbotException (ConfigException, StoreException, LlmException) with a
   *     message naming the problem and the fix; nothing is left open
   */
  public static Runtime start(Settings settings) {
    return open(settings, null, Need.ENCRYPTION, Need.LLM);
  }

  /**
   * As {@link #start(Settings)} with the LLM provider given (benchmarks, embedding), so no LLM
   * settings are needed; the model id is LLM_MODEL or the provider's name.
   */
  public static Runtime start(Settings settings, LlmProvider provider) {
    return open(settings, Objects.requireNonNull(provider, "provider"), Need.ENCRYPTION);
  }

  private static Runtime open(Settings settings, LlmProvider provider, Need... needs) {
    Context context = Context.open(settings, Context.Migrate.YES, needs);
    try {
      return new Runtime(context, provider);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** The LLM choice from the settings, named as in the guide. */
  static ProviderSelection providerSelection(Settings s) {
    Map<String, String> vars = new HashMap<>();
    s.llmProvider().ifPresent(v -> vars.put("LLM_PROVIDER", v));
    s.llmModel().ifPresent(v -> vars.put("LLM_MODEL", v));
    s.openaiApiKey().ifPresent(v -> vars.put("OPENAI_API_KEY", v.reveal()));
    s.groqApiKey().ifPresent(v -> vars.put("GROQ_API_KEY", v.reveal()));
    s.anthropicApiKey().ifPresent(v -> vars.put("ANTHROPIC_API_KEY", v.reveal()));
    s.openaiBaseUrl().ifPresent(v -> vars.put("OPENAI_BASE_URL", v.toString()));
    s.groqBaseUrl().ifPresent(v -> vars.put("GROQ_BASE_URL", v.toString()));
    s.anthropicBaseUrl().ifPresent(v -> vars.put("ANTHROPIC_BASE_URL", v.toString()));
    return ProviderSelection.fromVariables(vars);
  }

  static AgentConfig agentConfig(Settings s, String model) {
    AgentConfig config = AgentConfig.defaults(model);
    String steps = s.env("AGENT_STEP_LIMIT");
    if (steps != null) {
      try {
        config = config.withStepLimit(Integer.parseInt(steps.strip()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            List.of("AGENT_STEP_LIMIT must be a whole number >= 1, got '" + steps + "'"));
      }
    }
    String promptFile = s.env("AGENT_SYSTEM_PROMPT_FILE");
    if (promptFile != null) {
      try {
        config =
            config.withSystemPrompt(Files.readString(Path.of(promptFile), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ConfigException(
            List.of("AGENT_SYSTEM_PROMPT_FILE " + promptFile + " cannot be read: check the path"));
      }
    }
    return config;
  }

  /**
   * Makes the database's server catalog match servers_config.json (as {@code mcpbot sync-servers}
   * does), so a changed file takes effect on restart.
   */
  static void syncServers(Store store, ServersConfig config) {
    ServerSync.sync(store, config, false);
  }

  public Settings settings() {
    return settings;
  }

  public Database database() {
    return database;
  }

  public Store store() {
    return store;
  }

  public KeyRing keys() {
    return keys;
  }

  public ServerDirectory directory() {
    return directory;
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

  /** Ends every MCP session, then closes the database pool. */
  @Override
  public void close() {
    try {
      pool.close();
    } finally {
      context.close();
    }
  }
}
