package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.util.List;

/** The users' credentials column seen through the one view key rotation uses for every column. */
class SecretColumnsTest {

  @DbTest
  void credentialRowsAreNamedByTheirOwnCredentialNameAndSwappedInOneBatch(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("UOWN", UserProfile.empty()).id();
    long server = store.servers().insert("jira", "", "{}", true).id();
    store.credentials().put(user, server, "JIRA_TOKEN", "api_key", "tok-a");
    store.credentials().put(user, server, "JIRA_USER", "username", "tok-b");
    SecretColumns columns = store.secretColumns();
    List<CredentialToken> rows = columns.scan(EncryptedColumn.CREDENTIAL, 0, 10);

    assertThat(columns.count(EncryptedColumn.CREDENTIAL)).isEqualTo(2);
    assertThat(
            columns.owners(
                EncryptedColumn.CREDENTIAL, rows.stream().map(CredentialToken::id).toList()))
        .extracting(
            CredentialOwner::slackUserId, CredentialOwner::server, CredentialOwner::credentialName)
        .containsExactly(tuple("UOWN", "jira", "JIRA_TOKEN"), tuple("UOWN", "jira", "JIRA_USER"));
    assertThat(columns.owners(EncryptedColumn.CREDENTIAL, List.of())).isEmpty();

    CredentialToken first = rows.getFirst();
    int[] changed =
        store.inTransaction(
            tx ->
                tx.secretColumns()
                    .compareAndSetAll(
                        EncryptedColumn.CREDENTIAL,
                        List.of(
                            new CredentialSwap(first.id(), "tok-a", "rotated-a"),
                            new CredentialSwap(rows.getLast().id(), "stale", "x"))));
    assertThat(changed).containsExactly(1, 0);
    assertThat(
            columns
                .findToken(EncryptedColumn.CREDENTIAL, first.id())
                .orElseThrow()
                .encryptedValue())
        .isEqualTo("rotated-a");
    assertThat(store.credentials().findAll(user, server))
        .extracting(StoredCredential::encryptedValue)
        .containsExactly("rotated-a", "tok-b");
  }

  @DbTest
  void insideATransactionTheViewRollsBackWithIt(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("URB", UserProfile.empty()).id();
    long server = store.servers().insert("s", "", "{}", true).id();
    store.credentials().put(user, server, "K", "api_key", "before");
    long id = store.secretColumns().scan(EncryptedColumn.CREDENTIAL, 0, 1).getFirst().id();

    assertThatThrownBy(
            () ->
                store.useTransaction(
                    tx -> {
                      assertThat(
                              tx.secretColumns()
                                  .compareAndSet(EncryptedColumn.CREDENTIAL, id, "before", "after"))
                          .isTrue();
                      throw new IllegalStateException("abort");
                    }))
        .hasMessage("abort");
    assertThat(
            store
                .secretColumns()
                .findToken(EncryptedColumn.CREDENTIAL, id)
                .orElseThrow()
                .encryptedValue())
        .isEqualTo("before");
  }
}
