package io.mcpbot.bot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.store.ProcessedEvents;
import io.mcpbot.core.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cutoff follows the clock; a failed run does not stop the next ones. */
class EventPurgeScheduleTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  /** Records each cutoff; the first call fails as a lost database connection would. */
  private static final class Recording implements ProcessedEvents {
    final List<Instant> cutoffs = new CopyOnWriteArrayList<>();
    final CountDownLatch runs = new CountDownLatch(3);

    @Override
    public boolean markProcessed(String eventId) {
      return true;
    }

    @Override
    public int purgeOlderThan(Instant cutoff) {
      cutoffs.add(cutoff);
      runs.countDown();
      if (cutoffs.size() == 1) {
        throw new StoreException("Database connection failed: test");
      }
      return 0;
    }
  }

  @Test
  void runsAtStartThenEveryPeriodWithTheCutoffTheClockGives() throws Exception {
    Recording events = new Recording();
    try (EventPurge purge =
        new EventPurge(
            events, Duration.ofDays(7), Duration.ofMillis(20), Clock.fixed(NOW, ZoneOffset.UTC))) {
      purge.start();
      assertThat(events.runs.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(events.cutoffs).hasSizeGreaterThanOrEqualTo(3);
    assertThat(events.cutoffs).allMatch(c -> c.equals(Instant.parse("2026-05-25T12:00:00Z")));
  }
}
