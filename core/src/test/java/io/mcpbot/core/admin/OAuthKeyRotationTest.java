package io.mcpbot.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.oauth.StoredGrants;
import io.mcpbot.core.store.ClientRegistration;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.EncryptedColumn;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.store.PendingAuthorization;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.SeededCredentials;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/** rotate-key over the OAuth tables, beside users' credentials. */
class OAuthKeyRotationTest {
  private static final Set<EncryptedColumn> OAUTH =
      EnumSet.complementOf(EnumSet.of(EncryptedColumn.CREDENTIAL));
  private static final KeyRing OLD = ring();
  private static final KeyRing NEW = ring();
  private static final Instant LATER =
      Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  private static KeyRing ring() {
    return KeyRing.of("test", List.of(KeyRing.generateKey()));
  }

  private static KeyRotation rotation(TestDb db, int batch) {
    return new KeyRotation(
        db.store(), OLD, NEW, new KeyRotation.Options(batch, false, Duration.ZERO), null);
  }

  private static Grant grant(String tag, boolean refresh) {
    return new Grant("at-" + tag, refresh ? "rt-" + tag : null, LATER, "s", "https://i", "c", null);
  }

  /**
   * Under {@code key}: users U0..U4 each with grants on linear (with a refresh token) and notion
   * (without), a pending authorization each, and clients on both servers (one public).
   */
  private static StoredGrants seed(Store store, KeyRing key) {
    SeededCredentials.server(store, "linear");
    SeededCredentials.server(store, "notion");
    StoredGrants grants = new StoredGrants(store, key);
    for (int u = 0; u < 5; u++) {
      grants.saveGrant("U" + u, "linear", grant("l" + u, true));
      grants.saveGrant("U" + u, "notion", grant("n" + u, false));
      grants.savePending(pending("state-" + u, "U" + u));
    }
    grants.saveClient("linear", "https://i", new ClientRegistration("c1", "cs", "none", null));
    grants.saveClient("notion", "https://i", new ClientRegistration("c2", null, "none", null));
    return grants;
  }

  private static PendingAuthorization pending(String state, String user) {
    return new PendingAuthorization(
        state,
        user,
        "linear",
        "v-" + state,
        "https://r",
        "https://i",
        "c",
        null,
        null,
        null,
        LATER);
  }

  /** Every OAuth value, opened with {@code key}, by secret and row id. */
  private static Map<String, String> plaintexts(Store store, KeyRing key) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (EncryptedColumn s : OAUTH) {
      for (CredentialToken t : store.secretColumns().scan(s, 0, Integer.MAX_VALUE)) {
        out.put(s + "#" + t.id(), key.decrypt(t.encryptedValue()));
      }
    }
    return out;
  }

  private static List<String> tokens(Store store) {
    List<String> all = new ArrayList<>();
    for (EncryptedColumn s : OAUTH) {
      store.secretColumns().scan(s, 0, Integer.MAX_VALUE).forEach(t -> all.add(t.encryptedValue()));
    }
    return all;
  }

  @DbTest
  void reencryptsEveryEncryptedColumnSoTheOldKeyIsNoLongerNeeded(TestDb db) {
    Store store = db.store();
    seed(store, OLD);
    SeededCredentials.seed(store, OLD, 4, "A");
    Map<String, String> before = plaintexts(store, OLD);

    KeyRotation.Result r = rotation(db, 3).run();

    Map<String, Long> rotated =
        r.bySecret().stream()
            .collect(Collectors.toMap(KeyRotation.Counts::secret, KeyRotation.Counts::rotated));
    assertThat(rotated)
        .containsEntry("user credentials", 4L)
        .containsEntry("OAuth access tokens", 10L)
        .containsEntry("OAuth refresh tokens", 5L)
        .containsEntry("OAuth client secrets", 1L)
        .containsEntry("OAuth PKCE verifiers", 5L);
    assertThat(r.totals().total()).isEqualTo(25);
    assertThat(r.totals().rotated()).isEqualTo(25);
    assertThat(r.complete()).isTrue();
    assertThat(tokens(store)).hasSize(21).allMatch(NEW::isCurrent);
    assertThat(plaintexts(store, NEW)).isEqualTo(before);

    // The bot restarted with the new key alone reads everything back.
    StoredGrants withNewKeyOnly = new StoredGrants(store, NEW);
    assertThat(withNewKeyOnly.grant("U3", "linear")).contains(grant("l3", true));
    assertThat(withNewKeyOnly.grant("U3", "notion")).contains(grant("n3", false));
    assertThat(withNewKeyOnly.client("linear", "https://i").orElseThrow().clientSecret())
        .isEqualTo("cs");
    assertThat(withNewKeyOnly.takePending("state-2", Instant.now()))
        .contains(pending("state-2", "U2"));

    KeyRotation.Result again = rotation(db, 3).run();
    assertThat(again.totals().rotated()).isZero();
    assertThat(again.totals().alreadyCurrent()).isEqualTo(24);
  }

  @DbTest
  void anEncryptedColumnNoKeyOpensStopsBeforeAnythingIsWrittenNamingWhoseItIs(TestDb db) {
    Store store = db.store();
    seed(store, OLD);
    KeyRing stranger = ring();
    new StoredGrants(store, stranger).saveGrant("UBAD", "notion", grant("x", true));
    new StoredGrants(store, stranger)
        .saveClient("notion", "https://j", new ClientRegistration("c", "s", "none", null));
    List<String> before = tokens(store);

    assertThatThrownBy(() -> rotation(db, 4).run())
        .isInstanceOfSatisfying(
            UnreadableCredentialsException.class,
            e -> {
              assertThat(e.count()).isEqualTo(3);
              assertThat(e.nothingWritten()).isTrue();
              assertThat(e.getMessage())
                  .contains("user UBAD, server notion, credential OAuth access token")
                  .contains("user UBAD, server notion, credential OAuth refresh token")
                  .contains("  server notion, credential OAuth client secret")
                  .contains("reconnect")
                  .doesNotContain("at-x")
                  .doesNotContain("gAAAA");
            });
    assertThat(tokens(store)).isEqualTo(before);
  }

  @DbTest
  void aGrantRefreshedDuringRotationKeepsTheRefreshedTokens(TestDb db) {
    Store store = db.store();
    StoredGrants bot = seed(store, OLD);
    long target = store.secretColumns().scan(EncryptedColumn.ACCESS_TOKEN, 0, 1).getFirst().id();
    AtomicBoolean refreshed = new AtomicBoolean();
    KeyRotation rotation =
        rotation(db, 4)
            .onBeforeWrite(
                id -> {
                  // The bot refreshes U0's linear grant between the rotation's read and its write.
                  if (id == target && refreshed.compareAndSet(false, true)) {
                    onAnotherThread(() -> bot.saveGrant("U0", "linear", grant("refreshed", true)));
                  }
                });

    KeyRotation.Result r = rotation.run();

    assertThat(r.totals().retried()).isEqualTo(1);
    assertThat(r.totals().notCurrent()).isZero();
    assertThat(new StoredGrants(store, NEW).grant("U0", "linear"))
        .contains(grant("refreshed", true));
  }

  @DbTest
  void aPendingAuthorizationTakenDuringRotationIsCountedAsGone(TestDb db) {
    Store store = db.store();
    SeededCredentials.server(store, "linear");
    StoredGrants bot = new StoredGrants(store, OLD);
    bot.savePending(pending("only", "U1"));
    KeyRotation rotation =
        rotation(db, 4)
            .onBeforeWrite(id -> onAnotherThread(() -> bot.takePending("only", Instant.now())));

    KeyRotation.Result r = rotation.run();

    assertThat(r.totals().vanished()).isEqualTo(1);
    assertThat(r.totals().notCurrent()).isZero();
    assertThat(store.secretColumns().count(EncryptedColumn.CODE_VERIFIER)).isZero();
  }

  /** The bot's write commits on its own connection, not in the rotation's open transaction. */
  private static void onAnotherThread(Runnable write) {
    try {
      Thread t = Thread.ofVirtual().start(write);
      assertThat(t.join(Duration.ofSeconds(30))).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
