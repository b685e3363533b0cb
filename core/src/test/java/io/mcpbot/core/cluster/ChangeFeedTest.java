package io.mcpbot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.store.SessionChange;
import io.mcpbot.core.store.SessionChanges;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The change log and a replica's feed over it, on a real database. */
class ChangeFeedTest {
  private static final ReplicaId A = new ReplicaId("replica-a");
  private static final ReplicaId B = new ReplicaId("replica-b");

  /** On PostgreSQL only a NOTIFY (or a reconnect) can wake the feed within the test's wait. */
  private static ChangeFeed.Options options(TestDb db) {
    Duration poll =
        db.engine() == Engine.POSTGRESQL ? Duration.ofMinutes(10) : Duration.ofMillis(50);
    return new ChangeFeed.Options(poll, Duration.ofMillis(100), Duration.ofHours(1));
  }

  @DbTest
  void changesOfOtherReplicasAreAppliedInOrderAndOwnChangesSkipped(TestDb db) {
    SessionChanges log = db.store().sessionChanges();
    log.publish("UOLD", "plain", A.value()); // before B started: nothing of it can be stale
    List<SessionChange> seen = new CopyOnWriteArrayList<>();
    try (ChangeFeed feed = ChangeFeed.start(db.database(), B, seen::add, options(db))) {
      await().until(() -> feed.lastApplied() > 0 && (db.engine() == Engine.H2 || connected(feed)));
      log.publish("U1", "plain", A.value());
      log.publish("U1", "secret", B.value());
      log.publish(null, "plain", "sync-servers");

      await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 2);
      assertThat(seen)
          .extracting(SessionChange::slackUserId, SessionChange::serverName)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("U1", "plain"),
              org.assertj.core.groups.Tuple.tuple(null, "plain"));
      await().until(() -> feed.lastApplied() == log.lastId());
      assertThat(feed.appliedCount()).isEqualTo(2);
    }
  }

  @DbTest
  void aChangeRolledBackWithItsTransactionIsNeverPublished(TestDb db) {
    long before = db.store().sessionChanges().lastId();
    try {
      db.store()
          .useTransaction(
              tx -> {
                tx.sessionChanges().publish("U1", "plain", A.value());
                throw new IllegalStateException("abort");
              });
    } catch (IllegalStateException expected) {
      // rolled back
    }
    assertThat(db.store().sessionChanges().after(before, 10)).isEmpty();
  }

  @DbTest
  void purgingKeepsTheNewestRow(TestDb db) {
    SessionChanges log = db.store().sessionChanges();
    log.publish("U1", "plain", A.value());
    log.publish("U2", "plain", A.value());
    long last = log.lastId();

    assertThat(log.purgeBefore(Instant.now().plusSeconds(60))).isEqualTo(1);

    assertThat(log.lastId()).isEqualTo(last);
    assertThat(log.firstId()).isEqualTo(last);
  }

  @Test
  void aDroppedListeningConnectionReconnectsAndCatchesUpOnWhatItMissed() {
    try (TestDb db = io.mcpbot.core.testing.TestDatabases.migrated(Engine.POSTGRESQL)) {
      List<SessionChange> seen = new CopyOnWriteArrayList<>();
      try (ChangeFeed feed = ChangeFeed.start(db.database(), B, seen::add, options(db))) {
        await().until(() -> connected(feed));
        // end the listener's backend, and publish before the feed can have reconnected (it
        // waits 100 ms): the NOTIFY goes to nobody, only the catch-up can find the change
        db.jdbi()
            .useHandle(
                h -> {
                  h.execute(
                      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                          + " WHERE query LIKE 'LISTEN%' AND datname = current_database()");
                  db.store().sessionChanges().publish("U1", "plain", A.value());
                });

        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 1);
        assertThat(feed.connects()).isEqualTo(2);
        assertThat(seen.getFirst().slackUserId()).isEqualTo("U1");
      }
    }
  }

  private static boolean connected(ChangeFeed feed) {
    return feed.connects() > 0;
  }
}
