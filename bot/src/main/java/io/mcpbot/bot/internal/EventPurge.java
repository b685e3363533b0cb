package io.mcpbot.bot.internal;

import io.mcpbot.core.store.ProcessedEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets processed Slack events older than the retention, at start and then every period, on one
 * virtual thread while the bot runs (Slack stops redelivering after minutes; without a purge the
 * table grows by one row per message forever). A failed purge is logged and tried again next
 * period. Thread-safe; start once, close once.
 */
public final class EventPurge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventPurge.class);

  private final ProcessedEvents events;
  private final Duration retention;
  private final Duration period;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("mcpbot-event-purge").factory());

  public EventPurge(ProcessedEvents events, Duration retention, Duration period, Clock clock) {
    this.events = events;
    this.retention = retention;
    this.period = period;
    this.clock = clock;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::purgeOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  void purgeOnce() {
    try {
      int n = events.purgeOlderThan(clock.instant().minus(retention));
      if (n > 0) {
        log.debug("forgot {} processed Slack event(s) older than {}", n, retention);
      }
    } catch (RuntimeException e) {
      log.warn(
          "purging processed Slack events failed; trying again in {}: {}", period, e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
