package io.mcpbot.cli;

import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.config.Secret;
import io.mcpbot.core.config.ServerDefinition;
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
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.McpServer;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.users.ServerDirectory;
import io.mcpbot.core.users.StoreServerSource;
import io.mcpbot.core.users.UserServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
  private final Settings settings;
  private final Database database;
  private final Store store;
  private final KeyRing keys;
  private final ServerDirectory directory;
  private final SessionPool pool;
  private final UserServers userServers;
  private final LlmProvider provider;
  private final Agent agent;

  private Runtime(Settings settings, Database database, LlmProvider providerOverride) {
    this.settings = settings;
    this.database = database;
    this.store = Store.of(database);
    this.keys = KeyRing.fromSettings(settings);
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
   * Checks the settings (database, encryption, LLM), opens and migrates the database and builds
   * everything.
   *
   * @throws io.mcpbot.core.McpbotException (ConfigException, StoreException, LlmException) with a
   *     message naming the problem and the fix; nothing is left open
   */
  public static Runtime start(Settings settings) {
    settings.require(Need.DATABASE, Need.ENCRYPTION, Need.LLM);
    return start(settings, null);
  }

  /**
   * As {@link #start(Settings)} with the LLM provider given (benchmarks, embedding), so no LLM
   * settings are needed; the model id is LLM_MODEL or the provider's name.
   */
  public static Runtime start(Settings settings, LlmProvider provider) {
    settings.require(Need.DATABASE, Need.ENCRYPTION);
    DatabaseUrl url = DatabaseUrl.parse(settings.databaseUrl().map(Secret::reveal).orElse(null));
    Database database =
        Database.open(url, Database.Options.defaults().withSqlEcho(settings.sqlEcho()));
    try {
      database.migrate();
      return new Runtime(settings, database, provider);
    } catch (RuntimeException e) {
      database.close();
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
   * Makes the database's server catalog match the file: adds new servers, updates changed ones,
   * deactivates removed ones (users' data is kept). Minimal stand-in for the admin's ServerSync
   * ({@code ServerSync.sync(store, config, false)}), which may replace this method's body.
   */
  static void syncServers(Store store, ServersConfig config) {
    store.useTransaction(
        tx -> {
          for (ServerDefinition d : config.servers().values()) {
            String json = ServersConfig.toJson(d);
            boolean needsCreds = !d.requiredCredentials().isEmpty();
            Optional<McpServer> row = tx.servers().findByName(d.name());
            if (row.isEmpty()) {
              tx.servers().insert(d.name(), d.description(), json, needsCreds);
            } else {
              tx.servers().update(row.get().id(), d.description(), json, needsCreds);
              tx.servers().setActive(row.get().id(), true);
            }
          }
          for (McpServer row : tx.servers().listActive()) {
            if (!config.servers().containsKey(row.name())) {
              tx.servers().setActive(row.id(), false);
            }
          }
        });
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
      database.close();
    }
  }
}
