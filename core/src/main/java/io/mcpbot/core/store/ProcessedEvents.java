package io.mcpbot.core.store;

import java.time.Instant;

/**
 * Slack event dedupe (processed_events): at-least-once delivery handled once, also across several
 * bot instances on one PostgreSQL. Obtain from {@link Store#events()}; thread-safe there.
 */
public interface ProcessedEvents {

  /** True the first time {@code eventId} is seen, false on every later call anywhere. */
  boolean markProcessed(String eventId);

  /** Forgets events received before {@code cutoff} (Slack retries stop after minutes). */
  int purgeOlderThan(Instant cutoff);
}
