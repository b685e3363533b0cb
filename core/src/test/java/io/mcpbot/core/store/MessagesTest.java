package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

class MessagesTest {

  @DbTest
  void appendKeepsToolCallsAndRecentReturnsTheLastNInOrder(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    Conversation c = store.conversations().findOrCreate(user, "C1", "t");
    store.conversations().touch(c.id(), Instant.now().minus(Duration.ofDays(3)));
    ConversationHistory messages = store.conversations();

    StoredMessage question =
        messages.append(c.id(), MessageRole.USER, "list files", null, null, false);
    String calls = "[{\"id\":\"call_1\",\"name\":\"fs__list\",\"arguments\":{}}]";
    StoredMessage asks = messages.append(c.id(), MessageRole.ASSISTANT, null, calls, null, false);
    StoredMessage result =
        messages.append(c.id(), MessageRole.TOOL, "a.txt", null, "call_1", false);
    StoredMessage answer =
        messages.append(c.id(), MessageRole.ASSISTANT, "One file.", null, null, false);

    assertThat(asks.toolCallsJson()).isEqualTo(calls);
    assertThat(asks.content()).isNull();
    assertThat(result.toolCallId()).isEqualTo("call_1");
    assertThat(result.role()).isEqualTo(MessageRole.TOOL);
    assertThat(messages.recent(c.id(), 10)).containsExactly(question, asks, result, answer);
    assertThat(messages.recent(c.id(), 2)).containsExactly(result, answer);
    assertThat(messages.messageCount(c.id())).isEqualTo(4);
    assertThat(store.conversations().findById(c.id()).orElseThrow().lastMessageAt())
        .isAfter(Instant.now().minus(Duration.ofDays(1)));
  }

  @DbTest
  void roleIsConstrainedAndMessagesNeedAConversation(TestDb db) {
    long user = db.store().users().upsert("U1", UserProfile.empty()).id();
    long conversation = db.store().conversations().findOrCreate(user, "C1", null).id();
    assertThatThrownBy(
            () ->
                db.jdbi()
                    .useHandle(
                        h ->
                            h.execute(
                                "INSERT INTO messages (conversation_id, role) VALUES (?, 'robot')",
                                conversation)))
        .hasMessageContaining("ck_messages_role")
        .message()
        .doesNotContain("Failing row");
    assertThatThrownBy(
            () ->
                db.store()
                    .conversations()
                    .append(conversation + 99, MessageRole.USER, "x", null, null, false))
        .isInstanceOf(RuntimeException.class);
    assertThat(db.store().conversations().recent(conversation, 5)).isEqualTo(List.of());
  }

  @DbTest
  void aToolResultKeepsItsErrorFlagAndRowsWithoutOneAreNotErrors(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    long c = store.conversations().findOrCreate(user, "C1", "t").id();
    StoredMessage failed =
        store.conversations().append(c, MessageRole.TOOL, "boom", null, "k1", true);
    StoredMessage fine = store.conversations().append(c, MessageRole.TOOL, "ok", null, "k2", false);
    // a row written without the column, as every row before the V2 migration was
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO messages (conversation_id, role, content) VALUES (?, 'tool', ?)",
                    c,
                    "old"));

    assertThat(store.conversations().recent(c, 10))
        .extracting(StoredMessage::content, StoredMessage::isError)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("boom", true),
            org.assertj.core.groups.Tuple.tuple("ok", false),
            org.assertj.core.groups.Tuple.tuple("old", false));
    assertThat(failed.isError()).isTrue();
    assertThat(fine.isError()).isFalse();
  }
}
