package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

class ConversationsTest {

  @DbTest
  void findOrCreateIsPerUserChannelAndThread(TestDb db) {
    Store store = db.store();
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    long bob = store.users().upsert("UBOB", UserProfile.empty()).id();
    ConversationHistory conversations = store.conversations();

    Conversation dm = conversations.findOrCreate(ann, "D1", null);
    assertThat(dm.threadTs()).isEmpty();
    assertThat(dm.userId()).isEqualTo(ann);
    assertThat(conversations.findOrCreate(ann, "D1", null)).isEqualTo(dm);
    assertThat(conversations.findOrCreate(ann, "D1", "")).isEqualTo(dm);

    Conversation thread = conversations.findOrCreate(ann, "C1", "1700000000.000100");
    assertThat(thread.id()).isNotEqualTo(dm.id());
    assertThat(conversations.findOrCreate(bob, "C1", "1700000000.000100").id())
        .isNotEqualTo(thread.id());
    assertThat(conversations.findById(thread.id())).contains(thread);
    assertThat(conversations.find(ann, "C1", "nope")).isEmpty();
  }

  @DbTest
  void concurrentFindOrCreateYieldsOneConversation(TestDb db) throws Exception {
    long user = db.store().users().upsert("U1", UserProfile.empty()).id();
    List<Long> ids =
        Concurrently.run(8, () -> db.store().conversations().findOrCreate(user, "C1", "1.2").id());
    assertThat(ids).containsOnly(ids.getFirst());
  }

  @DbTest
  void findOrCreateInsideATransactionSurvivesTheDuplicatePath(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    Conversation made =
        store.inTransaction(
            tx -> {
              Conversation c = tx.conversations().findOrCreate(user, "C1", "t");
              // A second insert attempt inside the same transaction hits the unique key; the
              // savepoint keeps PostgreSQL's transaction usable.
              assertThat(tx.events().markProcessed("E1")).isTrue();
              assertThat(tx.events().markProcessed("E1")).isFalse();
              tx.conversations().append(c.id(), MessageRole.USER, "hi", null, null, false);
              return c;
            });
    assertThat(store.conversations().messageCount(made.id())).isEqualTo(1);
  }

  @DbTest
  void touchAndPurgeOlderThanDeleteOldConversationsWithTheirMessages(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    Conversation old = store.conversations().findOrCreate(user, "C1", "old");
    Conversation fresh = store.conversations().findOrCreate(user, "C1", "fresh");
    store.conversations().append(old.id(), MessageRole.USER, "hello", null, null, false);
    store.conversations().append(fresh.id(), MessageRole.USER, "hello", null, null, false);
    Instant longAgo = Instant.now().minus(Duration.ofDays(45));
    assertThat(store.conversations().touch(old.id(), longAgo)).isTrue();
    assertThat(store.conversations().touch(fresh.id())).isTrue();

    int purged = store.conversations().purgeIdleSince(Instant.now().minus(Duration.ofDays(30)));

    assertThat(purged).isEqualTo(1);
    assertThat(store.conversations().findById(old.id())).isEmpty();
    assertThat(store.conversations().messageCount(old.id())).isZero();
    assertThat(store.conversations().messageCount(fresh.id())).isEqualTo(1);
  }
}
