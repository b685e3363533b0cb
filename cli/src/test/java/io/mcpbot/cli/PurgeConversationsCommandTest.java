package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.store.MessageRole;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.time.Instant;

class PurgeConversationsCommandTest {

  /** Returns the id of the recent conversation; two stale ones with 2 messages each. */
  static long seed(Store store) {
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    long keep = store.conversations().findOrCreate(user, "D1", null).id();
    store.conversations().append(keep, MessageRole.USER, "recent", null, null, false);
    for (String thread : new String[] {"1.1", "2.2"}) {
      long c = store.conversations().findOrCreate(user, "D1", thread).id();
      store.conversations().append(c, MessageRole.USER, "old", null, null, false);
      store.conversations().append(c, MessageRole.ASSISTANT, "old", null, null, false);
      store.conversations().touch(c, Instant.now().minus(Duration.ofDays(45)));
    }
    return keep;
  }

  @DbTest
  void dryRunCountsThenPurgeDeletesConversationsAndMessages(TestDb db) throws Exception {
    long keep = seed(db.store());

    Cli.Run dry = Cli.run(Cli.env(db), "purge-conversations", "--older-than", "30d", "--dry-run");
    assertThat(dry.code()).as(dry.toString()).isZero();
    assertThat(dry.out()).contains("Would delete 2 conversations (4 messages)");
    assertThat(db.store().conversations().findById(keep)).isPresent();
    assertThat(messages(db)).isEqualTo(5);

    Cli.Run r = Cli.run(Cli.env(db), "purge-conversations", "--older-than", "30d", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("conversations").asLong()).isEqualTo(2);
    assertThat(doc.get("messages").asLong()).isEqualTo(4);
    assertThat(doc.get("dry_run").asBoolean()).isFalse();

    assertThat(db.store().conversations().findById(keep)).isPresent();
    assertThat(db.store().conversations().messageCount(keep)).isEqualTo(1);
    assertThat(messages(db)).isEqualTo(1);

    Cli.Run again = Cli.run(Cli.env(db), "purge-conversations", "--older-than", "30d");
    assertThat(again.out()).contains("Deleted 0 conversations (0 messages)");
  }

  private static long messages(TestDb db) {
    return db.jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM messages").mapTo(Long.class).one());
  }
}
