package io.mcpbot.core.store;

import static io.mcpbot.core.store.EncryptedColumn.CREDENTIAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.util.List;

/** The users' credentials column seen through the one view key rotation uses for every column. */
class SecretColumnsTest {

  /** Stores the credentials {@code names} of one user on a new server, each valued "v-" + name. */
  private static List<CredentialToken> seed(
      Store store, String user, String server, String... names) {
    long userId = store.users().upsert(user, UserProfile.empty()).id();
    long serverId = store.servers().insert(server, "", "{}", true).id();
    for (String name : names) {
      store.credentials().put(userId, serverId, name, "api_key", "v-" + name);
    }
    return store.secretColumns().scan(CREDENTIAL, 0, 100);
  }

  @DbTest
  void credentialRowsAreNamedByTheirOwnCredentialNameAndSwappedInOneBatch(TestDb db) {
    Store store = db.store();
    List<CredentialToken> rows = seed(store, "UOWN", "jira", "JIRA_TOKEN", "JIRA_USER");
    SecretColumns columns = store.secretColumns();

    assertThat(columns.count(CREDENTIAL)).isEqualTo(2);
    assertThat(columns.owners(CREDENTIAL, rows.stream().map(CredentialToken::id).toList()))
        .extracting(
            CredentialOwner::slackUserId, CredentialOwner::server, CredentialOwner::credentialName)
        .containsExactly(tuple("UOWN", "jira", "JIRA_TOKEN"), tuple("UOWN", "jira", "JIRA_USER"));
    assertThat(columns.owners(CREDENTIAL, List.of())).isEmpty();

    long first = rows.getFirst().id();
    int[] changed =
        store.inTransaction(
            tx ->
                tx.secretColumns()
                    .compareAndSetAll(
                        CREDENTIAL,
                        List.of(
                            new CredentialSwap(first, "v-JIRA_TOKEN", "rotated"),
                            new CredentialSwap(rows.getLast().id(), "stale", "x"))));
    assertThat(changed).containsExactly(1, 0);
    assertThat(columns.findToken(CREDENTIAL, first).orElseThrow().encryptedValue())
        .isEqualTo("rotated");
    assertThat(columns.scan(CREDENTIAL, 0, 10))
        .extracting(CredentialToken::encryptedValue)
        .containsExactly("rotated", "v-JIRA_USER");
  }

  @DbTest
  void insideATransactionTheViewRollsBackWithIt(TestDb db) {
    Store store = db.store();
    long id = seed(store, "URB", "s", "K").getFirst().id();

    assertThatThrownBy(
            () ->
                store.useTransaction(
                    tx -> {
                      assertThat(tx.secretColumns().compareAndSet(CREDENTIAL, id, "v-K", "after"))
                          .isTrue();
                      throw new IllegalStateException("abort");
                    }))
        .hasMessage("abort");
    assertThat(store.secretColumns().findToken(CREDENTIAL, id).orElseThrow().encryptedValue())
        .isEqualTo("v-K");
  }
}
