package io.mcpbot.core.agent;

import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.ApiKey;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.fixture.FixtureServer;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.users.SaveOutcome;
import io.mcpbot.core.users.UserServers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a turn needs over one test database: servers synced into the store, encrypted
 * credentials, a real session pool with real MCP server processes. Close it to end every process.
 */
public final class AgentRig implements AutoCloseable {
  static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

  final Store store;
  final KeyRing keys = KeyRing.of("test", List.of(KeyRing.generateKey()));
  final ServerDirectory directory;
  final SessionPool pool;
  final UserServers users;

  /** How often the pool asked the source (the store) for the user's servers. */
  final java.util.concurrent.atomic.AtomicInteger sourceLookups =
      new java.util.concurrent.atomic.AtomicInteger();

  AgentRig(Store store, Path userData) {
    this(store, userData, Sandbox.autoDetected());
  }

  /** A rig whose pool starts servers in {@code sandbox} ({@link Sandbox#off()}: unsandboxed). */
  AgentRig(Store store, Path userData, Sandbox sandbox) {
    this.store = store;
    this.directory = new ServerDirectory(store);
    StoreServerSource source = new StoreServerSource(store, keys, directory);
    PoolConfig config =
        PoolConfig.builder(userData)
            .timeouts(Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(30))
            .sandbox(sandbox)
            .build();
    this.pool =
        new SessionPool(
            config,
            userId -> {
              sourceLookups.incrementAndGet();
              return source.enabledServers(userId);
            },
            botEnv()::get);
    this.users = new UserServers(store, keys, pool, directory);
  }

  static Map<String, String> botEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getProperty("user.home"));
    env.put("OPENAI_API_KEY", "sk-bot-SECRET");
    return env;
  }

  /** The in-JVM fixture MCP server (tools echo, add, env_dump, slow, error_result, ...). */
  static ServerDefinition fixture(String name) {
    return new StdioServer(
        name, JAVA, fixtureArgs(), Map.of(), ServerOptions.NONE.withDescription("fixture " + name));
  }

  /** A fixture that needs the user's FIXTURE_TOKEN credential (credential name "token"). */
  static ServerDefinition fixtureWithToken(String name) {
    return new StdioServer(
        name,
        JAVA,
        fixtureArgs(),
        Map.of("FIXTURE_TOKEN", "${FIXTURE_TOKEN}"),
        ServerOptions.NONE
            .withDescription("fixture " + name)
            .withCredentials(
                List.of(
                    new CredentialSpec(
                        "api_key", "token", "Fixture token", "FIXTURE_TOKEN", true, null))));
  }

  static List<String> fixtureArgs() {
    return List.of(
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-XX:-UsePerfData",
        "-cp",
        System.getProperty("java.class.path"),
        FixtureServer.class.getName(),
        "--mode",
        "normal");
  }

  /** Stores the server as the admin's sync would. */
  AgentRig server(ServerDefinition d) {
    store
        .servers()
        .insert(
            d.name(), d.description(), ServersConfig.toJson(d), !d.requiredCredentials().isEmpty());
    return this;
  }

  /** Enables a server for the user (storing credentials first when given). */
  AgentRig enable(String slackUserId, String server, Map<String, String> credentials) {
    users.ensureUser(slackUserId, null);
    if (credentials.isEmpty()) {
      users.enable(slackUserId, server);
    } else {
      SaveOutcome out = users.saveCredentials(slackUserId, server, credentials);
      if (!(out instanceof SaveOutcome.Saved)) {
        throw new IllegalStateException("credentials rejected: " + out);
      }
    }
    return this;
  }

  /** An OpenAI provider talking to {@code url} (a FakeLlmServer), with no retries. */
  static LlmProvider openAi(URI url) {
    LlmConfig config =
        new LlmConfig(
            ProviderKind.OPENAI,
            "gpt-test",
            ApiKey.of("sk-test-key"),
            URI.create(url + "/v1"),
            Duration.ofSeconds(10),
            new RetryPolicy(
                1,
                Duration.ofMillis(10),
                Duration.ofMillis(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5)));
    return LlmProviders.create(config, LlmProviders.defaultHttpClient());
  }

  Agent agent(LlmProvider provider, AgentConfig config) {
    return new Agent(store, pool, provider, config);
  }

  @Override
  public void close() {
    pool.close();
  }
}
