package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

class CredentialsTest {

  @DbTest
  void putInsertsThenReplacesByUserServerAndName(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    long other = store.users().upsert("U2", UserProfile.empty()).id();
    long server = store.servers().insert("github", "", "{}", true).id();
    CredentialVault creds = store.credentials();

    creds.put(user, server, "GITHUB_TOKEN", "api_key", "tok-1");
    creds.put(user, server, "GITHUB_USER", "username", "tok-2");
    creds.put(other, server, "GITHUB_TOKEN", "api_key", "tok-3");
    creds.put(user, server, "GITHUB_TOKEN", "oauth_token", "tok-4");

    List<StoredCredential> mine = creds.findAll(user, server);
    assertThat(mine)
        .extracting(StoredCredential::name)
        .containsExactly("GITHUB_TOKEN", "GITHUB_USER");
    assertThat(mine.getFirst().encryptedValue()).isEqualTo("tok-4");
    assertThat(mine.getFirst().type()).isEqualTo("oauth_token");
    assertThat(mine.getFirst().updatedAt()).isNotNull();
    assertThat(mine.getFirst().toString()).doesNotContain("tok-4");
    assertThat(store.secretColumns().count(EncryptedColumn.CREDENTIAL)).isEqualTo(3);

    assertThat(creds.delete(user, server, "GITHUB_USER")).isTrue();
    assertThat(creds.delete(user, server, "GITHUB_USER")).isFalse();
    assertThat(creds.deleteAll(user, server)).isEqualTo(1);
    assertThat(creds.findAll(user, server)).isEmpty();
    assertThat(creds.findAll(other, server)).hasSize(1);
  }

  @DbTest
  void uniquePerUserServerAndName(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    long server = store.servers().insert("s", "", "{}", true).id();
    store.credentials().put(user, server, "K", "api_key", "v");
    assertThatThrownBy(
            () ->
                db.jdbi()
                    .useHandle(
                        h ->
                            h.createUpdate(
                                    "INSERT INTO user_credentials (user_id, server_id,"
                                        + " credential_name, credential_type, encrypted_value)"
                                        + " VALUES (:u, :s, 'K', 'api_key', 'w')")
                                .bind("u", user)
                                .bind("s", server)
                                .execute()))
        .satisfies(e -> assertThat(Sql.isUniqueViolation(e)).isTrue());
  }

  @DbTest
  void concurrentPutsOfOneCredentialLeaveOneRowWithOneOfTheValues(TestDb db) throws Exception {
    Store store = db.store();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    long server = store.servers().insert("s", "", "{}", true).id();
    AtomicInteger n = new AtomicInteger();
    List<String> written =
        Concurrently.run(
            8,
            () -> {
              String value = "tok-" + n.incrementAndGet();
              store.credentials().put(user, server, "K", "api_key", value);
              return value;
            });
    List<StoredCredential> rows = store.credentials().findAll(user, server);
    assertThat(rows).hasSize(1);
    assertThat(written).contains(rows.getFirst().encryptedValue());
  }

  @DbTest
  void keysetScanVisitsEveryRowOnceInIdOrder(TestDb db) {
    Store store = db.store();
    long server = store.servers().insert("s", "", "{}", true).id();
    for (int u = 0; u < 7; u++) {
      long user = store.users().upsert("U" + u, UserProfile.empty()).id();
      store.credentials().put(user, server, "A", "api_key", "a" + u);
      store.credentials().put(user, server, "B", "api_key", "b" + u);
    }
    List<CredentialToken> seen = new ArrayList<>();
    long after = 0;
    for (List<CredentialToken> page =
            store.secretColumns().scan(EncryptedColumn.CREDENTIAL, after, 3);
        !page.isEmpty();
        page = store.secretColumns().scan(EncryptedColumn.CREDENTIAL, after, 3)) {
      assertThat(page.size()).isLessThanOrEqualTo(3);
      seen.addAll(page);
      after = page.getLast().id();
    }
    assertThat(seen).hasSize(14);
    assertThat(seen).extracting(CredentialToken::id).isSorted().doesNotHaveDuplicates();
    assertThat(seen).extracting(CredentialToken::encryptedValue).contains("a0", "b6");
    assertThat(seen.getFirst().toString()).doesNotContain("a0");
  }

  @DbTest
  void compareAndSetOnlyReplacesTheExpectedValue(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    long server = store.servers().insert("s", "", "{}", true).id();
    store.credentials().put(user, server, "K", "api_key", "old-key-token");
    long id = store.secretColumns().scan(EncryptedColumn.CREDENTIAL, 0, 1).getFirst().id();

    // The bot changes the value while rotation holds the old token.
    store.credentials().put(user, server, "K", "api_key", "user-changed-token");
    assertThat(
            store
                .secretColumns()
                .compareAndSet(EncryptedColumn.CREDENTIAL, id, "old-key-token", "rotated-old"))
        .isFalse();
    assertThat(store.credentials().findAll(user, server).getFirst().encryptedValue())
        .isEqualTo("user-changed-token");

    assertThat(
            store
                .secretColumns()
                .compareAndSet(EncryptedColumn.CREDENTIAL, id, "user-changed-token", "rotated-new"))
        .isTrue();
    assertThat(store.credentials().findAll(user, server).getFirst().encryptedValue())
        .isEqualTo("rotated-new");
    assertThat(
            store
                .secretColumns()
                .compareAndSet(EncryptedColumn.CREDENTIAL, id + 1000, "rotated-new", "x"))
        .isFalse();
  }
}
