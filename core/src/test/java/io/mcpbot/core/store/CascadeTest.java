package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Instant;

class CascadeTest {

  static long rows(TestDb db, String table) {
    return db.jdbi()
        .withHandle(h -> h.select("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  @DbTest
  void deletingAUserDeletesEverythingOfTheirs(TestDb db) {
    Store store = db.store();
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    long bob = store.users().upsert("UBOB", UserProfile.empty()).id();
    long server = store.servers().insert("github", "", "{}", true).id();
    for (long user : new long[] {ann, bob}) {
      store.credentials().put(user, server, "TOKEN", "api_key", "t" + user);
      store.serverConfigs().setEnabled(user, server, true);
      long conv = store.conversations().findOrCreate(user, "C1", null).id();
      store.conversations().append(conv, MessageRole.USER, "hi", null, null, false);
      store
          .toolCalls()
          .record(new ToolCallAudit(user, conv, "github", "x", Instant.now(), 1, true, null, 0));
    }

    assertThat(store.users().delete(ann)).isTrue();

    for (String table :
        new String[] {
          "users",
          "user_credentials",
          "user_server_configs",
          "conversations",
          "messages",
          "tool_calls"
        }) {
      assertThat(rows(db, table)).as(table).isEqualTo(1);
    }
    assertThat(store.serverConfigs().enabledServerNames(bob)).containsExactly("github");
  }

  @DbTest
  void deletingAServerDeletesItsCredentialsAndSettingsOnly(TestDb db) {
    Store store = db.store();
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    long server = store.servers().insert("github", "", "{}", true).id();
    store.credentials().put(ann, server, "TOKEN", "api_key", "t");
    store.serverConfigs().setEnabled(ann, server, true);
    db.jdbi().useHandle(h -> h.execute("DELETE FROM mcp_servers WHERE id = ?", server));
    assertThat(rows(db, "user_credentials")).isZero();
    assertThat(rows(db, "user_server_configs")).isZero();
    assertThat(rows(db, "users")).isEqualTo(1);
  }

  @DbTest
  void deletingAConversationDeletesMessagesButKeepsTheAudit(TestDb db) {
    Store store = db.store();
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    long conv = store.conversations().findOrCreate(ann, "C1", null).id();
    store.conversations().append(conv, MessageRole.USER, "hi", null, null, false);
    store
        .toolCalls()
        .record(new ToolCallAudit(ann, conv, "s", "t", Instant.now(), 1, true, null, 0));

    assertThat(store.conversations().delete(conv)).isTrue();

    assertThat(rows(db, "messages")).isZero();
    assertThat(rows(db, "tool_calls")).isEqualTo(1);
    Long auditConversation =
        db.jdbi()
            .withHandle(
                h -> h.select("SELECT conversation_id FROM tool_calls").mapTo(Long.class).one());
    assertThat(auditConversation).isNull();
  }

  @DbTest
  void transactionRollsBackEverythingWhenWorkThrows(TestDb db) {
    Store store = db.store();
    assertThatThrownBy(
            () ->
                store.useTransaction(
                    tx -> {
                      tx.users().upsert("UTX", UserProfile.empty());
                      tx.events().markProcessed("EvTx");
                      throw new IllegalStateException("abort");
                    }))
        .hasMessage("abort");
    assertThat(store.users().findBySlackId("UTX")).isEmpty();
    assertThat(store.events().markProcessed("EvTx")).isTrue();
  }
}
