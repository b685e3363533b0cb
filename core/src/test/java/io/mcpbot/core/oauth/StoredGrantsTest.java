package io.mcpbot.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.ClientRegistration;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.store.PendingAuthorization;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

class StoredGrantsTest {
  private static final KeyRing KEY = KeyRing.of("test", List.of(KeyRing.generateKey()));
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  private static StoredGrants grants(TestDb db) {
    Store store = db.store();
    store.servers().insert("linear", "", "{}", false);
    store.servers().insert("notion", "", "{}", false);
    store.users().upsert("UANN", UserProfile.empty());
    return new StoredGrants(store, KEY);
  }

  static Grant grant(String access, String refresh) {
    return new Grant(
        access,
        refresh,
        NOW.plusSeconds(3600),
        "read write",
        "https://auth.example",
        "client-1",
        "https://mcp.example/mcp");
  }

  static PendingAuthorization pending(String state, String user, Instant expiresAt) {
    return new PendingAuthorization(
        state,
        user,
        "linear",
        "verifier-" + state,
        "https://bot.example/oauth/callback",
        "https://auth.example",
        "client-1",
        "https://mcp.example/mcp",
        "read",
        "binding-" + state,
        expiresAt);
  }

  @DbTest
  void savesReplacesAndDeletesAGrantPerUserAndServer(TestDb db) {
    StoredGrants store = grants(db);
    assertThat(store.grant("UANN", "linear")).isEmpty();

    store.saveGrant("UANN", "linear", grant("at-1", "rt-1"));
    store.saveGrant("UANN", "notion", grant("at-n", null));
    Grant first = store.grant("UANN", "linear").orElseThrow();
    assertThat(first).usingRecursiveComparison().isEqualTo(grant("at-1", "rt-1"));

    Grant refreshed =
        new Grant("at-2", "rt-2", NOW.plusSeconds(7200), "read", "https://auth.example", "c", null);
    store.saveGrant("UANN", "linear", refreshed);
    assertThat(store.grant("UANN", "linear")).contains(refreshed);
    assertThat(store.grant("UANN", "notion").orElseThrow().refreshToken()).isNull();

    assertThat(store.deleteGrant("UANN", "linear")).isTrue();
    assertThat(store.deleteGrant("UANN", "linear")).isFalse();
    assertThat(store.grant("UANN", "linear")).isEmpty();
    assertThat(store.grant("UANN", "notion")).isPresent();
    assertThat(store.deleteGrant("UNOBODY", "notion")).isFalse();
  }

  @DbTest
  void aFirstContactThroughOAuthCreatesTheUserButAnUnknownServerFails(TestDb db) {
    StoredGrants store = grants(db);

    store.saveGrant("UNEW", "linear", grant("at", "rt"));
    store.savePending(pending("s-new", "UNEW2", NOW.plusSeconds(300)));

    assertThat(store.grant("UNEW", "linear")).isPresent();
    assertThat(db.store().users().findBySlackId("UNEW2")).isPresent();
    assertThatThrownBy(() -> store.saveGrant("UANN", "missing", grant("secret-at", "secret-rt")))
        .isInstanceOf(OAuthException.class)
        .hasMessageContaining("Server missing is not in the bot's database")
        .hasMessageContaining("sync-servers")
        .hasMessageNotContaining("secret-");
    assertThatThrownBy(
            () ->
                store.saveClient(
                    "missing", "https://i", new ClientRegistration("c", "cs", "none", null)))
        .isInstanceOf(OAuthException.class);
  }

  @DbTest
  void clientRegistrationRoundTripsPerServerAndIssuer(TestDb db) {
    StoredGrants store = grants(db);
    Instant expires = NOW.plus(30, ChronoUnit.DAYS);
    ClientRegistration confidential =
        new ClientRegistration("dcr-1", "client-secret-1", "client_secret_basic", expires);
    ClientRegistration publicClient = new ClientRegistration("dcr-2", null, "none", null);

    store.saveClient("linear", "https://auth.example", confidential);
    store.saveClient("linear", "https://other.example", publicClient);

    assertThat(store.client("linear", "https://auth.example")).contains(confidential);
    assertThat(store.client("linear", "https://other.example")).contains(publicClient);
    assertThat(store.client("notion", "https://auth.example")).isEmpty();

    ClientRegistration again = new ClientRegistration("dcr-3", "s3", "client_secret_post", null);
    store.saveClient("linear", "https://auth.example", again);
    assertThat(store.client("linear", "https://auth.example")).contains(again);
  }

  @DbTest
  void aPendingAuthorizationIsTakenOnceAndNeverAfterItExpired(TestDb db) {
    StoredGrants store = grants(db);
    PendingAuthorization live = pending("state-live", "UANN", NOW.plusSeconds(600));
    store.savePending(live);
    store.savePending(pending("state-expired", "UANN", NOW.minusSeconds(1)));
    store.savePending(pending("state-at-now", "UANN", NOW));

    assertThat(store.takePending("state-live", NOW)).contains(live);
    assertThat(store.takePending("state-live", NOW)).isEmpty();
    assertThat(store.takePending("state-expired", NOW)).isEmpty();
    assertThat(store.takePending("state-at-now", NOW)).isEmpty();
    assertThat(store.takePending("never-issued", NOW)).isEmpty();
    assertThat(count(db, "oauth_pending")).isZero();
  }

  @DbTest
  void expiredPendingRowsArePurgedByAnyTake(TestDb db) {
    StoredGrants store = grants(db);
    store.savePending(pending("old-1", "UANN", NOW.minusSeconds(60)));
    store.savePending(pending("old-2", "UANN", NOW.minusSeconds(1)));
    store.savePending(pending("young", "UANN", NOW.plusSeconds(60)));

    assertThat(store.takePending("unrelated", NOW)).isEmpty();

    assertThat(count(db, "oauth_pending")).isEqualTo(1);
    assertThat(store.takePending("young", NOW)).isPresent();
  }

  @DbTest
  void everySecretIsCiphertextInTheDatabase(TestDb db) {
    StoredGrants store = grants(db);
    store.saveGrant("UANN", "linear", grant("plain-access-token", "plain-refresh-token"));
    store.saveClient(
        "linear",
        "https://auth.example",
        new ClientRegistration("dcr-1", "plain-client-secret", "client_secret_post", null));
    store.savePending(pending("st", "UANN", NOW.plusSeconds(60)));

    Map<String, Object> grant = row(db, "SELECT access_token, refresh_token FROM oauth_grants");
    Map<String, Object> client = row(db, "SELECT client_secret FROM oauth_clients");
    Map<String, Object> pending = row(db, "SELECT code_verifier FROM oauth_pending");

    assertThat(KEY.decrypt((String) grant.get("access_token"))).isEqualTo("plain-access-token");
    assertThat(KEY.decrypt((String) grant.get("refresh_token"))).isEqualTo("plain-refresh-token");
    assertThat(KEY.decrypt((String) client.get("client_secret"))).isEqualTo("plain-client-secret");
    assertThat(KEY.decrypt((String) pending.get("code_verifier"))).isEqualTo("verifier-st");
    assertThat(List.of(grant, client, pending).toString())
        .doesNotContain("plain-")
        .doesNotContain("verifier-st");
  }

  @DbTest
  void valuesHoldNoSecretInToString(TestDb db) {
    StoredGrants store = grants(db);
    store.saveGrant("UANN", "linear", grant("plain-access-token", "plain-refresh-token"));
    store.savePending(pending("st", "UANN", NOW.plusSeconds(60)));

    String shown =
        store.grant("UANN", "linear").orElseThrow()
            + " "
            + db.store().oauth().findGrant("UANN", "linear").orElseThrow()
            + " "
            + db.store().oauth().takePending("st", NOW).orElseThrow();

    assertThat(shown).doesNotContain("plain-").doesNotContain("verifier-").doesNotContain("gAAAA");
  }

  static long count(TestDb db, String table) {
    return db.jdbi()
        .withHandle(h -> h.select("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  private static Map<String, Object> row(TestDb db, String sql) {
    return db.jdbi().withHandle(h -> h.select(sql).mapToMap().one());
  }
}
