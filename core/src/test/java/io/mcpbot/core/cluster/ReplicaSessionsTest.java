package io.mcpbot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.admin.ServerSync;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolOutcome;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.testing.TestDb;
import io.mcpbot.core.users.UserServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * Two replicas in one JVM (each its own connection pool, session pool, change feed and replica id)
 * on one real database, running real MCP server processes: a change made through A reaches B's
 * sessions.
 */
class ReplicaSessionsTest {
  private static final String ALICE = "UALICE1";
  private static final String OLD = "tok_" + "a".repeat(20);
  private static final String NEW = "tok_" + "n".repeat(20);
  private static final KeyRing KEYS = KeyRing.parse("ENCRYPTION_KEY", KeyRing.generateKey());

  private final List<AutoCloseable> open = new ArrayList<>();

  /** One bot replica's core stack. */
  record Replica(Store store, SessionPool pool, UserServers users, ChangeFeed feed) {}

  private Replica replica(TestDb db, String id, Path userData) {
    Database database = Database.open(db.database().url()); // its own pool, like another process
    open.add(database);
    Store store = Store.of(database);
    ServerDirectory dir = new ServerDirectory(store);
    SessionPool pool =
        new SessionPool(
            Fixtures.config(userData),
            new StoreServerSource(store, KEYS, dir),
            Fixtures.botEnvFn());
    open.add(pool);
    ReplicaId rid = new ReplicaId(id);
    Duration poll =
        db.engine() == Engine.POSTGRESQL ? Duration.ofMinutes(10) : Duration.ofMillis(50);
    ChangeFeed feed =
        ChangeFeed.start(
            database,
            rid,
            ChangeFeed.restarting(pool),
            new ChangeFeed.Options(poll, Duration.ofMillis(100), Duration.ofHours(1)));
    open.add(feed);
    if (db.engine() == Engine.POSTGRESQL) {
      await().until(() -> feed.connects() > 0);
    }
    return new Replica(store, pool, new UserServers(store, KEYS, pool, dir, rid), feed);
  }

  private List<Replica> twoReplicas(TestDb db) throws Exception {
    ServerDefinition d = Fixtures.tokenServer("secret", "needs a token");
    db.store()
        .servers()
        .insert(d.name(), d.description(), ServersConfig.toJson(d), d.needsCredentials());
    Path shared = Files.createTempDirectory("replicas-shared");
    return List.of(replica(db, "replica-a", shared), replica(db, "replica-b", shared));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @DbTest
  void aCredentialSavedThroughAIsUsedByTheNextTurnThroughB(TestDb db) throws Exception {
    List<Replica> r = twoReplicas(db);
    Replica a = r.get(0);
    Replica b = r.get(1);
    a.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", OLD));
    envDump(b.pool());
    long before = pid(b.pool());

    a.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", NEW));

    // B restarts its live session on its own (prewarm), without waiting for the next turn
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                b.pool().status(ALICE, "secret") instanceof ServerStatus.Running s
                    && s.pid() != before);
    JsonNode env = envDump(b.pool());
    // the session masks its own value: "<masked>" with no old token in clear means the new one
    assertThat(env.get("FIXTURE_TOKEN").asText()).isEqualTo("<masked>");
    assertThat(env.toString()).doesNotContain(OLD);
    assertThat(ProcessHandle.of(before)).isEmpty();
  }

  @DbTest
  void disableThroughAEndsTheProcessOnB(TestDb db) throws Exception {
    List<Replica> r = twoReplicas(db);
    r.get(0).users().saveCredentials(ALICE, "secret", Map.of("fixture_token", OLD));
    envDump(r.get(1).pool());
    long pid = pid(r.get(1).pool());

    r.get(0).users().disable(ALICE, "secret");

    await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).isEmpty());
    assertThat(r.get(1).pool().status(ALICE, "secret")).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(r.get(1).pool().catalog(ALICE).tools()).isEmpty();
  }

  @DbTest
  void aServerChangedBySyncServersRestartsItOnEveryReplica(TestDb db) throws Exception {
    List<Replica> r = twoReplicas(db);
    r.get(0).users().saveCredentials(ALICE, "secret", Map.of("fixture_token", OLD));
    envDump(r.get(1).pool());
    long pid = pid(r.get(1).pool());
    ServerDefinition changed = Fixtures.tokenServer("secret", "needs a token, changed");

    ServerSync.sync(db.store(), new ServersConfig(Map.of("secret", changed), List.of()), false);

    await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).isEmpty());
    assertThat(envDump(r.get(1).pool()).get("FIXTURE_TOKEN").asText()).isEqualTo("<masked>");
  }

  private static long pid(SessionPool pool) {
    return ((ServerStatus.Running) pool.status(ALICE, "secret")).pid();
  }

  private static JsonNode envDump(SessionPool pool) throws Exception {
    ToolOutcome result = Fixtures.call(pool, ALICE, "secret__env_dump", Map.of());
    assertThat(result.isError()).as(result.asText()).isFalse();
    return new ObjectMapper().readTree(result.asText()).get("env");
  }
}
