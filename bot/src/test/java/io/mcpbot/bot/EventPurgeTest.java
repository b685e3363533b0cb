package io.mcpbot.bot;

import static io.mcpbot.bot.Harness.ALICE;
import static io.mcpbot.bot.Harness.WAIT;
import static io.mcpbot.bot.Harness.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The running bot forgets processed Slack events older than the retention, periodically. */
class EventPurgeTest {

  private static List<String> eventIds(Harness h) {
    return h.core
        .db
        .jdbi()
        .withHandle(
            x ->
                x.createQuery("SELECT event_id FROM processed_events ORDER BY event_id")
                    .mapTo(String.class)
                    .list());
  }

  @Test
  void eventsOlderThanTheRetentionArePurgedWhileTheBotRuns() throws Exception {
    try (Harness h =
        new Harness(c -> c.eventRetention(Duration.ofDays(1), Duration.ofMillis(50)))) {
      String ts = h.dm(ALICE, "hello");
      h.awaitAnswer(dmChannel(ALICE), ts, "You said: hello");
      // An event from long ago, recorded after the bot started: a later run must remove it.
      h.core.store.events().markProcessed("EvFromLastWeek");
      // the purge runs every 50 ms, so the row may be gone at any moment after this update: the
      // update's count proves it was there, aged a week
      int aged =
          h.core
              .db
              .jdbi()
              .withHandle(
                  x ->
                      x.createUpdate(
                              "UPDATE processed_events SET received_at = :t"
                                  + " WHERE event_id = 'EvFromLastWeek'")
                          .bind("t", Instant.now().minus(Duration.ofDays(7)))
                          .execute());
      assertThat(aged).isEqualTo(1);

      await().atMost(WAIT).until(() -> !eventIds(h).contains("EvFromLastWeek"));
      // the fresh event (the DM's) stays: a redelivery of it is still skipped
      assertThat(eventIds(h)).hasSize(1).doesNotContain("EvFromLastWeek");
    }
  }
}
