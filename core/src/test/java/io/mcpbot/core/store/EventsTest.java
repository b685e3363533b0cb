package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

class EventsTest {

  @DbTest
  void markProcessedIsTrueOnlyTheFirstTime(TestDb db) {
    ProcessedEvents events = db.store().events();
    assertThat(events.markProcessed("Ev1")).isTrue();
    assertThat(events.markProcessed("Ev1")).isFalse();
    assertThat(events.markProcessed("Ev2")).isTrue();
  }

  @DbTest
  void eightConcurrentDeliveriesYieldExactlyOneTrue(TestDb db) throws Exception {
    List<Boolean> results = Concurrently.run(8, () -> db.store().events().markProcessed("EvRace"));
    assertThat(results).containsOnlyOnce(true);
    assertThat(results).filteredOn(r -> !r).hasSize(7);
  }

  @DbTest
  void twoInstancesOnOneDatabaseHandleAnEventOnce(TestDb db) throws Exception {
    // A second pool on the same database stands in for a second bot instance.
    try (Database second = Database.open(db.database().url())) {
      Store[] instances = {db.store(), Store.of(second)};
      AtomicInteger next = new AtomicInteger();
      List<Boolean> results =
          Concurrently.run(
              8, () -> instances[next.getAndIncrement() % 2].events().markProcessed("EvShared"));
      assertThat(results).containsOnlyOnce(true);
    }
  }

  @DbTest
  void purgeOlderThanForgetsOldEvents(TestDb db) {
    ProcessedEvents events = db.store().events();
    events.markProcessed("Ev1");
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE processed_events SET received_at = :t")
                    .bind("t", Instant.parse("2020-01-01T00:00:00Z"))
                    .execute());
    events.markProcessed("Ev2");
    assertThat(events.purgeOlderThan(Instant.parse("2021-01-01T00:00:00Z"))).isEqualTo(1);
    assertThat(events.markProcessed("Ev1")).isTrue();
    assertThat(events.markProcessed("Ev2")).isFalse();
  }
}
