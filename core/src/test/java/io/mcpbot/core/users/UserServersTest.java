package io.mcpbot.core.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.McpbotException;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.mcp.ToolOutcome;
import io.mcpbot.core.store.EncryptedColumn;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.StoredCredential;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Users' server choices and credentials over a real database, real key ring and real processes. */
class UserServersTest {
  private static final String ALICE = "UALICE1";
  private static final String BOB = "UBOB2";
  private static final String TOKEN = "tok_" + "a".repeat(20);

  private final List<AutoCloseable> open = new ArrayList<>();

  private record Rig(Store store, KeyRing keys, SessionPool pool, UserServers users) {}

  private Rig rig(TestDb db) throws Exception {
    Path root = Files.createTempDirectory("users-test");
    Store store = db.store();
    ServerDefinition plain = Fixtures.fixture("plain", "normal");
    ServerDefinition secret =
        new StdioServer(
            "secret",
            Fixtures.JAVA,
            Fixtures.fixtureArgs("normal"),
            Map.of("FIXTURE_TOKEN", "${FIXTURE_TOKEN}"),
            ServerOptions.NONE
                .withDescription("needs a token")
                .withCredentials(List.of(Fixtures.fixtureToken())));
    for (ServerDefinition d : List.of(plain, secret)) {
      store
          .servers()
          .insert(d.name(), d.description(), ServersConfig.toJson(d), d.needsCredentials());
    }
    KeyRing keys = KeyRing.parse("ENCRYPTION_KEY", KeyRing.generateKey());
    ServerDirectory dir = new ServerDirectory(store);
    SessionPool pool =
        new SessionPool(
            Fixtures.config(root), new StoreServerSource(store, keys, dir), Fixtures.botEnvFn());
    open.add(pool);
    return new Rig(store, keys, pool, new UserServers(store, keys, pool, dir));
  }

  @org.junit.jupiter.api.AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @DbTest
  void overviewListsEveryActiveServerWithTheUsersState(TestDb db) throws Exception {
    Rig r = rig(db);
    r.users().ensureUser(ALICE, new UserProfile("alice", "Alice A", "alice@example.com"));

    List<ServerOverview> overview = r.users().overview(ALICE);

    assertThat(overview).extracting(ServerOverview::name).containsExactly("plain", "secret");
    assertThat(overview).allSatisfy(o -> assertThat(o.enabled()).isFalse());
    assertThat(overview.get(1).missingCredentials())
        .extracting(CredentialSpec::name)
        .containsExactly("fixture_token");
    assertThat(overview.get(0).status()).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(r.store().users().findBySlackId(ALICE).orElseThrow().email())
        .isEqualTo("alice@example.com");
  }

  @DbTest
  void readingTheOverviewWritesNothing(TestDb db) throws Exception {
    Rig r = rig(db);
    r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", TOKEN));
    // the save restarts the session in the background: let it settle before the pool closes
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> r.pool().status(ALICE, "secret") instanceof ServerStatus.Running);
    var before = r.store().users().findBySlackId(ALICE).orElseThrow();

    r.users().overview(ALICE);
    List<ServerOverview> stranger = r.users().overview("USTRANGER");

    assertThat(r.store().users().findBySlackId(ALICE).orElseThrow()).isEqualTo(before);
    assertThat(r.store().users().findBySlackId("USTRANGER")).isEmpty();
    assertThat(stranger).extracting(ServerOverview::name).containsExactly("plain", "secret");
    assertThat(stranger).noneMatch(ServerOverview::enabled);
  }

  @DbTest
  void enablingAServerWithoutCredentialsEnablesAndPrewarmsIt(TestDb db) throws Exception {
    Rig r = rig(db);

    assertThat(r.users().enable(ALICE, "plain")).isInstanceOf(EnableOutcome.Enabled.class);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> r.pool().status(ALICE, "plain") instanceof ServerStatus.Running);
    assertThat(r.users().overview(ALICE).get(0).enabled()).isTrue();
    assertThat(r.pool().catalog(ALICE).tools()).extracting(t -> t.tool()).contains("echo");
  }

  @DbTest
  void enablingAServerThatNeedsCredentialsChangesNothing(TestDb db) throws Exception {
    Rig r = rig(db);

    EnableOutcome outcome = r.users().enable(ALICE, "secret");

    assertThat(outcome).isInstanceOf(EnableOutcome.NeedsCredentials.class);
    assertThat(((EnableOutcome.NeedsCredentials) outcome).missing())
        .extracting(CredentialSpec::envVar)
        .containsExactly("FIXTURE_TOKEN");
    assertThat(r.users().overview(ALICE).get(1).enabled()).isFalse();
    assertThat(r.pool().catalog(ALICE).tools()).isEmpty();
  }

  @DbTest
  void invalidValuesAreRejectedPerFieldWithoutEchoingThemAndNothingIsStored(TestDb db)
      throws Exception {
    Rig r = rig(db);

    SaveOutcome outcome =
        r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", "not-a-TOKEN-42"));

    assertThat(outcome).isInstanceOf(SaveOutcome.Invalid.class);
    String message = ((SaveOutcome.Invalid) outcome).errors().get("fixture_token");
    assertThat(message).contains("Fixture API token").doesNotContain("not-a-TOKEN-42");
    assertThat(r.store().secretColumns().count(EncryptedColumn.CREDENTIAL)).isZero();
    assertThat(r.users().saveCredentials(ALICE, "secret", Map.of()))
        .isInstanceOf(SaveOutcome.Invalid.class);
    assertThat(
            r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", "tok_ab\ncdefghij")))
        .isInstanceOf(SaveOutcome.Invalid.class);
  }

  @DbTest
  void savedCredentialsAreEncryptedEnableTheServerAndReachOnlyThatUsersProcess(TestDb db)
      throws Exception {
    Rig r = rig(db);
    String bobToken = "tok_" + "b".repeat(20);

    assertThat(r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", TOKEN)))
        .isInstanceOf(SaveOutcome.Saved.class);
    assertThat(r.users().saveCredentials(BOB, "secret", Map.of("fixture_token", bobToken)))
        .isInstanceOf(SaveOutcome.Saved.class);

    long alice = r.store().users().findBySlackId(ALICE).orElseThrow().id();
    long server = r.store().servers().findByName("secret").orElseThrow().id();
    StoredCredential stored = r.store().credentials().findAll(alice, server).getFirst();
    assertThat(stored.encryptedValue()).doesNotContain(TOKEN);
    assertThat(r.keys().decrypt(stored.encryptedValue())).isEqualTo(TOKEN);
    assertThat(r.users().overview(ALICE).get(1).enabled()).isTrue();

    JsonNode aliceEnv = envDump(r.pool(), ALICE);
    JsonNode bobEnv = envDump(r.pool(), BOB);
    // each session masks exactly its own user's value: "<masked>" means that value reached it,
    // and the other user's token would show in clear
    assertThat(aliceEnv.get("FIXTURE_TOKEN").asText()).isEqualTo("<masked>");
    assertThat(bobEnv.get("FIXTURE_TOKEN").asText()).isEqualTo("<masked>");
    assertThat(aliceEnv.toString()).doesNotContain(bobToken, TOKEN, "SECRET");
    assertThat(bobEnv.toString()).doesNotContain(TOKEN);
  }

  @DbTest
  void updatingOneValueRestartsTheSessionWithTheNewValueAndABlankFieldKeepsTheOld(TestDb db)
      throws Exception {
    Rig r = rig(db);
    r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", TOKEN));
    // tool results show "<masked>" for the session's own secret: a restarted session that kept
    // the old value would show that value in clear, a session never restarted keeps its pid
    assertThat(envDump(r.pool(), ALICE).get("FIXTURE_TOKEN").asText()).isEqualTo("<masked>");
    long first = ((ServerStatus.Running) r.pool().status(ALICE, "secret")).pid();

    String newer = "tok_" + "c".repeat(20);
    r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", newer));
    JsonNode updated = envDump(r.pool(), ALICE);
    assertThat(updated.get("FIXTURE_TOKEN").asText()).isEqualTo("<masked>");
    assertThat(updated.toString()).doesNotContain(TOKEN);
    long second = ((ServerStatus.Running) r.pool().status(ALICE, "secret")).pid();
    assertThat(second).isNotEqualTo(first);

    assertThat(r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", "  ")))
        .isInstanceOf(SaveOutcome.Saved.class);
    JsonNode kept = envDump(r.pool(), ALICE);
    assertThat(kept.get("FIXTURE_TOKEN").asText()).isEqualTo("<masked>");
    assertThat(kept.toString()).doesNotContain(TOKEN);
  }

  @DbTest
  void disableKeepsCredentialsAndEndsTheSession(TestDb db) throws Exception {
    Rig r = rig(db);
    r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", TOKEN));
    envDump(r.pool(), ALICE);
    long pid = ((ServerStatus.Running) r.pool().status(ALICE, "secret")).pid();

    r.users().disable(ALICE, "secret");

    await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(pid).isEmpty());
    assertThat(r.pool().catalog(ALICE).tools()).isEmpty();
    assertThat(r.store().secretColumns().count(EncryptedColumn.CREDENTIAL)).isEqualTo(1);
    assertThat(r.users().enable(ALICE, "secret")).isInstanceOf(EnableOutcome.Enabled.class);
    // enable prewarms in the background: let it finish before the pool and database close
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> r.pool().status(ALICE, "secret") instanceof ServerStatus.Running);
  }

  @DbTest
  void removeCredentialsDeletesThemAndDisablesTheServer(TestDb db) throws Exception {
    Rig r = rig(db);
    r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", TOKEN));
    // let the save's background restart settle: a session still starting when the test's pool
    // closes is the shutdown race noted in SlotTable, not what this test is about
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> r.pool().status(ALICE, "secret") instanceof ServerStatus.Running);

    r.users().removeCredentials(ALICE, "secret");

    assertThat(r.store().secretColumns().count(EncryptedColumn.CREDENTIAL)).isZero();
    ServerOverview secret = r.users().overview(ALICE).get(1);
    assertThat(secret.enabled()).isFalse();
    assertThat(secret.storedCredentials()).isEmpty();
  }

  @DbTest
  void aCredentialNoKeyOpensMakesThatServerUnavailableWithAReasonNamingUserAndServer(TestDb db)
      throws Exception {
    Rig r = rig(db);
    r.users().saveCredentials(ALICE, "secret", Map.of("fixture_token", TOKEN));
    // let the save's background restart settle, so it cannot race the swap of the token below
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> r.pool().status(ALICE, "secret") instanceof ServerStatus.Running);
    r.users().enable(ALICE, "plain");
    long alice = r.store().users().findBySlackId(ALICE).orElseThrow().id();
    long server = r.store().servers().findByName("secret").orElseThrow().id();
    String foreign = KeyRing.parse("other", KeyRing.generateKey()).encrypt(TOKEN);
    r.store().credentials().put(alice, server, "fixture_token", "api_key", foreign);
    r.pool().invalidate(ALICE, "secret");

    ToolCatalog catalog = r.pool().catalog(ALICE);

    assertThat(catalog.tools()).extracting(t -> t.server()).containsOnly("plain");
    assertThat(catalog.problems()).hasSize(1);
    assertThat(catalog.problems().getFirst().server()).isEqualTo("secret");
    assertThat(catalog.problems().getFirst().reason())
        .contains(ALICE, "'secret'", "fixture_token", "rotate-key")
        .doesNotContain(TOKEN);
  }

  @DbTest
  void unknownServersAreAClearError(TestDb db) throws Exception {
    Rig r = rig(db);
    assertThatThrownBy(() -> r.users().enable(ALICE, "nope"))
        .isInstanceOf(McpbotException.class)
        .hasMessageContaining("no active server named 'nope'")
        .hasMessageContaining("sync-servers");
    assertThat(r.users().credentialSpecs("secret")).hasSize(1);
    assertThat(r.users().credentialSpecs("nope")).isEmpty();
  }

  private static JsonNode envDump(SessionPool pool, String user) throws Exception {
    ToolOutcome result = Fixtures.call(pool, user, "secret__env_dump", Map.of());
    assertThat(result.isError()).as(result.asText()).isFalse();
    return new ObjectMapper().readTree(result.asText()).get("env");
  }

  @DbTest
  void allowedUsersAreEnforcedOnEnableAndOnEveryTurn(TestDb db) throws Exception {
    Rig r = rig(db);
    StdioServer plain = Fixtures.fixture("vip", "normal");
    StdioServer vip = plain.withOptions(plain.options().withAllowedUsers(List.of(ALICE)));
    r.store().servers().insert("vip", "", ServersConfig.toJson(vip), false);

    assertThat(r.users().overview(BOB)).extracting(ServerOverview::name).doesNotContain("vip");
    assertThat(r.users().overview(ALICE)).extracting(ServerOverview::name).contains("vip");
    assertThatThrownBy(() -> r.users().enable(BOB, "vip"))
        .isInstanceOf(McpbotException.class)
        .hasMessage(
            "You are not among the users allowed to use 'vip'. Ask an admin to add your Slack"
                + " user ID (UBOB2) to its \"allowed_users\" in servers_config.json and run"
                + " `mcpbot sync-servers`.");
    assertThatThrownBy(() -> r.users().saveCredentials(BOB, "vip", Map.of()))
        .isInstanceOf(McpbotException.class);

    // enabled while the admin's list still had BOB, or written around the App Home
    long bob = r.users().ensureUser(BOB, null).id();
    long vipId = r.store().servers().findByName("vip").orElseThrow().id();
    r.store().serverConfigs().setEnabled(bob, vipId, true);
    ToolCatalog catalog = r.pool().catalog(BOB);
    assertThat(catalog.tools()).noneMatch(t -> t.server().equals("vip"));
    assertThat(catalog.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.server()).isEqualTo("vip");
              assertThat(p.reason()).contains("not among the users allowed to use 'vip'");
            });
    assertThat(r.users().enable(ALICE, "vip")).isInstanceOf(EnableOutcome.Enabled.class);
    assertThat(r.pool().catalog(ALICE).tools()).anyMatch(t -> t.server().equals("vip"));
  }
}
