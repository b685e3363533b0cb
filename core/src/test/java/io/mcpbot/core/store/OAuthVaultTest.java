package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDb;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

class OAuthVaultTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  private static Grant grant(String access) {
    return new Grant(access, "rt-" + access, NOW, "s", "https://i", "c", null);
  }

  private static PendingAuthorization pending(String state, String user, String server) {
    return new PendingAuthorization(
        state, user, server, "v-" + state, "https://r", "https://i", "c", null, null, "b", NOW);
  }

  /** Users UANN and UBOB, servers linear and notion, each user with every kind of row. */
  private static void seed(Store store) {
    store.users().upsert("UANN", UserProfile.empty());
    store.users().upsert("UBOB", UserProfile.empty());
    store.servers().insert("linear", "", "{}", false);
    store.servers().insert("notion", "", "{}", false);
    OAuthVault v = store.oauth();
    for (String user : List.of("UANN", "UBOB")) {
      for (String server : List.of("linear", "notion")) {
        assertThat(v.putGrant(user, server, grant(user + server))).isTrue();
        assertThat(v.putPending(pending(user + server, user, server))).isTrue();
      }
    }
    for (String server : List.of("linear", "notion")) {
      v.putClient(server, "https://i", new ClientRegistration("c-" + server, "cs", "none", null));
    }
  }

  @DbTest
  void writesForAMissingUserOrServerWriteNothing(TestDb db) {
    Store store = db.store();
    store.users().upsert("UANN", UserProfile.empty());
    store.servers().insert("linear", "", "{}", false);
    OAuthVault v = store.oauth();

    assertThat(v.putGrant("UNOBODY", "linear", grant("a"))).isFalse();
    assertThat(v.putGrant("UANN", "nowhere", grant("a"))).isFalse();
    assertThat(v.putClient("nowhere", "https://i", new ClientRegistration("c", null, "none", null)))
        .isFalse();
    assertThat(v.putPending(pending("s", "UNOBODY", "linear"))).isFalse();
    assertThat(v.putPending(pending("s", "UANN", "nowhere"))).isFalse();
    for (String table : List.of("oauth_grants", "oauth_clients", "oauth_pending")) {
      assertThat(CascadeTest.rows(db, table)).as(table).isZero();
    }
  }

  @DbTest
  void aStateIsStoredOnce(TestDb db) {
    seed(db.store());
    assertThatThrownBy(() -> db.store().oauth().putPending(pending("UANNlinear", "UANN", "notion")))
        .satisfies(e -> assertThat(Sql.isUniqueViolation(e)).isTrue());
  }

  @DbTest
  void ofConcurrentTakersOfOneStateExactlyOneWins(TestDb db) throws Exception {
    Store store = db.store();
    store.users().upsert("UANN", UserProfile.empty());
    store.servers().insert("linear", "", "{}", false);
    Instant before = NOW.minusSeconds(60);
    for (int round = 0; round < 10; round++) {
      String state = "race-" + round;
      store.oauth().putPending(pending(state, "UANN", "linear"));

      List<Optional<PendingAuthorization>> taken =
          Concurrently.run(4, () -> store.oauth().takePending(state, before));

      assertThat(taken).filteredOn(Optional::isPresent).as("round " + round).hasSize(1);
      assertThat(taken.stream().flatMap(Optional::stream).findFirst().orElseThrow().state())
          .isEqualTo(state);
    }
    assertThat(CascadeTest.rows(db, "oauth_pending")).isZero();
  }

  @DbTest
  void concurrentPutsOfOneGrantLeaveOneRowWithOneOfTheValues(TestDb db) throws Exception {
    Store store = db.store();
    store.users().upsert("UANN", UserProfile.empty());
    store.servers().insert("linear", "", "{}", false);
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

    List<String> written =
        Concurrently.run(
            8,
            () -> {
              String token = "at-" + n.incrementAndGet();
              assertThat(store.oauth().putGrant("UANN", "linear", grant(token))).isTrue();
              return token;
            });

    assertThat(CascadeTest.rows(db, "oauth_grants")).isEqualTo(1);
    assertThat(written)
        .contains(store.oauth().findGrant("UANN", "linear").orElseThrow().accessToken());
  }

  @DbTest
  void deletingAUserTakesTheirGrantsAndPendingAuthorizationsAlong(TestDb db) {
    Store store = db.store();
    seed(store);
    long ann = store.users().findBySlackId("UANN").orElseThrow().id();

    assertThat(store.users().delete(ann)).isTrue();

    assertThat(CascadeTest.rows(db, "oauth_grants")).isEqualTo(2);
    assertThat(CascadeTest.rows(db, "oauth_pending")).isEqualTo(2);
    assertThat(CascadeTest.rows(db, "oauth_clients")).isEqualTo(2);
    assertThat(store.oauth().findGrant("UBOB", "linear")).isPresent();
  }

  @DbTest
  void deletingAServerTakesItsGrantsClientsAndPendingAuthorizationsAlong(TestDb db) {
    Store store = db.store();
    seed(store);
    long linear = store.servers().findByName("linear").orElseThrow().id();

    db.jdbi().useHandle(h -> h.execute("DELETE FROM mcp_servers WHERE id = ?", linear));

    assertThat(CascadeTest.rows(db, "oauth_grants")).isEqualTo(2);
    assertThat(CascadeTest.rows(db, "oauth_pending")).isEqualTo(2);
    assertThat(CascadeTest.rows(db, "oauth_clients")).isEqualTo(1);
    assertThat(store.oauth().findClient("notion", "https://i")).isPresent();
    assertThat(CascadeTest.rows(db, "users")).isEqualTo(2);
  }

  @DbTest
  void rotationSeesEachSecretColumnWithItsOwners(TestDb db) {
    Store store = db.store();
    seed(store);
    store
        .oauth()
        .putGrant("UANN", "linear", new Grant("no-refresh", null, null, null, "i", "c", null));
    SecretColumns v = store.secretColumns();

    assertThat(v.count(EncryptedColumn.ACCESS_TOKEN)).isEqualTo(4);
    assertThat(v.count(EncryptedColumn.REFRESH_TOKEN)).isEqualTo(3);
    assertThat(v.count(EncryptedColumn.CLIENT_SECRET)).isEqualTo(2);
    assertThat(v.count(EncryptedColumn.CODE_VERIFIER)).isEqualTo(4);
    List<CredentialToken> refresh = v.scan(EncryptedColumn.REFRESH_TOKEN, 0, 2);
    assertThat(refresh).hasSize(2).extracting(CredentialToken::id).isSorted();
    assertThat(v.scan(EncryptedColumn.REFRESH_TOKEN, refresh.getLast().id(), 2)).hasSize(1);

    CredentialToken first = v.scan(EncryptedColumn.CODE_VERIFIER, 0, 1).getFirst();
    assertThat(v.compareAndSet(EncryptedColumn.CODE_VERIFIER, first.id(), "stale", "x")).isFalse();
    assertThat(
            v.compareAndSetAll(
                EncryptedColumn.CODE_VERIFIER,
                List.of(
                    new CredentialSwap(first.id(), first.encryptedValue(), "new-v"),
                    new CredentialSwap(first.id() + 1000, "gone", "x"))))
        .containsExactly(1, 0);
    assertThat(
            v.findToken(EncryptedColumn.CODE_VERIFIER, first.id()).orElseThrow().encryptedValue())
        .isEqualTo("new-v");

    CredentialOwner grantOwner =
        v.owners(
                EncryptedColumn.ACCESS_TOKEN,
                List.of(v.scan(EncryptedColumn.ACCESS_TOKEN, 0, 1).getFirst().id()))
            .getFirst();
    assertThat(grantOwner.slackUserId()).isEqualTo("UANN");
    assertThat(grantOwner.server()).isEqualTo("linear");
    assertThat(grantOwner.credentialName()).isEqualTo("OAuth access token");
    CredentialOwner clientOwner =
        v.owners(
                EncryptedColumn.CLIENT_SECRET,
                List.of(v.scan(EncryptedColumn.CLIENT_SECRET, 0, 1).getFirst().id()))
            .getFirst();
    assertThat(clientOwner.slackUserId()).isNull();
    assertThat(clientOwner.server()).isEqualTo("linear");
    assertThat(v.owners(EncryptedColumn.CLIENT_SECRET, List.of())).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aLostConnectionIsTheStoresClearErrorInEveryKindOfCall() {
    Database db = Database.open(TestDatabases.emptyUrl(TestDatabases.Engine.H2));
    db.migrate();
    Store store = Store.of(db);
    OAuthVault v = store.oauth();
    SecretColumns columns = store.secretColumns();
    db.close();

    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call :
        List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
            () -> v.findGrant("U", "s"),
            () -> v.putGrant("U", "s", grant("SECRET-AT")),
            () -> v.takePending("st", NOW),
            () -> columns.scan(EncryptedColumn.ACCESS_TOKEN, 0, 10))) {
      assertThatThrownBy(call)
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("Database connection failed: ")
          .message()
          .doesNotContain("SECRET");
    }
  }

  @org.junit.jupiter.api.Test
  void sqlEchoMasksEveryEncryptedColumn() {
    String log =
        DatabaseTest.echoed(
            store -> {
              store.users().upsert("UECHO", UserProfile.empty());
              store.servers().insert("linear", "", "{}", false);
              OAuthVault v = store.oauth();
              v.putGrant(
                  "UECHO",
                  "linear",
                  new Grant("SECRET-AT", "SECRET-RT", NOW, "s", "https://i", "c", null));
              v.putGrant(
                  "UECHO",
                  "linear",
                  new Grant("SECRET-AT2", "SECRET-RT2", NOW, "s", "https://i", "c", null));
              v.putClient(
                  "linear", "https://i", new ClientRegistration("c", "SECRET-CS", "none", null));
              v.putPending(
                  new PendingAuthorization(
                      "st",
                      "UECHO",
                      "linear",
                      "SECRET-V",
                      "https://r",
                      "https://i",
                      "c",
                      null,
                      null,
                      "SECRET-BINDING",
                      NOW.plusSeconds(60)));
              SecretColumns c = store.secretColumns();
              long id = c.scan(EncryptedColumn.ACCESS_TOKEN, 0, 1).getFirst().id();
              c.compareAndSet(EncryptedColumn.ACCESS_TOKEN, id, "SECRET-AT2", "SECRET-AT3");
              c.compareAndSetAll(
                  EncryptedColumn.ACCESS_TOKEN,
                  List.of(new CredentialSwap(id, "SECRET-AT3", "SECRET-AT4")));
              v.takePending("st", NOW);
            });
    assertThat(log)
        .contains("INSERT INTO oauth_grants")
        .contains("UPDATE oauth_grants")
        .contains("INSERT INTO oauth_clients")
        .contains("INSERT INTO oauth_pending")
        .contains("DELETE FROM oauth_pending")
        .contains("UECHO")
        .doesNotContain("SECRET");
  }
}
