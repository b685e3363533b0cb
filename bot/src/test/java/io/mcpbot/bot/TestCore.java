package io.mcpbot.bot;

import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.crypto.SecretBox;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.testing.TestDb;
import io.mcpbot.core.users.UserServers;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real core the bot's tests drive: a migrated database holding the given servers (fixture MCP
 * server processes), the key ring, the session pool and {@link UserServers}. Saving credentials can
 * be held at the encryption step ({@link #holdSaves()}), as a slow database would hold it.
 */
public final class TestCore implements AutoCloseable {
  public final TestDb db;
  public final Store store;
  public final KeyRing keys = KeyRing.parse("ENCRYPTION_KEY", KeyRing.generateKey());
  public final SessionPool pool;
  public final UserServers users;
  private volatile CountDownLatch saveGate;

  public TestCore(Engine engine, ServerDefinition... servers) throws Exception {
    db = TestDatabases.migrated(engine);
    store = db.store();
    for (ServerDefinition d : servers) {
      store
          .servers()
          .insert(d.name(), d.description(), ServersConfig.toJson(d), d.needsCredentials());
    }
    ServerDirectory directory = new ServerDirectory(store);
    pool =
        new SessionPool(
            Fixtures.config(Files.createTempDirectory("bot-users")),
            new StoreServerSource(store, keys, directory),
            Fixtures.botEnvFn());
    users = new UserServers(store, new GatedBox(), pool, directory);
  }

  /** A fixture server (echo, add, env_dump, ...) whose processes get the given credentials. */
  public static ServerDefinition server(
      String name, String description, CredentialSpec... credentials) {
    Map<String, String> env = new LinkedHashMap<>();
    for (CredentialSpec c : credentials) {
      env.put(c.envVar(), "${" + c.envVar() + "}");
    }
    return new StdioServer(
        name,
        Fixtures.JAVA,
        Fixtures.fixtureArgs("normal"),
        env,
        ServerOptions.NONE.withDescription(description).withCredentials(List.of(credentials)));
  }

  /** Holds every credential save until the returned latch is counted down. */
  public CountDownLatch holdSaves() {
    CountDownLatch gate = new CountDownLatch(1);
    saveGate = gate;
    return gate;
  }

  /** The services as the bot gets them, with {@code turns} answering. */
  public BotServices services(io.mcpbot.core.agent.TurnRunner turns) {
    return new BotServices(store, users, pool, turns);
  }

  @Override
  public void close() {
    pool.close();
    db.close();
  }

  private final class GatedBox implements SecretBox {
    @Override
    public String encrypt(String plaintext) {
      CountDownLatch gate = saveGate;
      if (gate != null) {
        try {
          gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return keys.encrypt(plaintext);
    }

    @Override
    public String decrypt(String token) {
      return keys.decrypt(token);
    }
  }
}
