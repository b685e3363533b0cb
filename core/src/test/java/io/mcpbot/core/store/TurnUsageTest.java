package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Instant;

class TurnUsageTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @DbTest
  void aTurnsUsageRoundTripsAndOutlivesItsConversation(TestDb db) {
    Store store = db.store();
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    Conversation c = store.conversations().findOrCreate(ann, "D1", null);
    TurnUsage first = new TurnUsage(ann, c.id(), "Anthropic", "claude", 5200, 5000, 80, T0);
    TurnUsage second =
        new TurnUsage(ann, c.id(), "Anthropic", "claude", 5400, 5000, 20, T0.plusSeconds(60));

    store.turnUsage().record(first);
    store.turnUsage().record(second);

    assertThat(store.turnUsage().forConversation(c.id())).containsExactly(first, second);
    assertThat(store.turnUsage().since(T0.plusSeconds(1))).containsExactly(second);

    db.jdbi().useHandle(h -> h.execute("DELETE FROM conversations WHERE id = ?", c.id()));
    assertThat(store.turnUsage().since(T0))
        .extracting(TurnUsage::conversationId)
        .containsExactly(null, null);
  }
}
