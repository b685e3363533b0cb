package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Slack event dedupe (processed_events): at-least-once delivery handled once, also across several
 * bot instances on one PostgreSQL. Thread-safe via {@link Store}.
 */
public interface Events extends SqlObject {

  /** True the first time {@code eventId} is seen, false on every later call anywhere. */
  default boolean markProcessed(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    return Sql.tryInsert(
        getHandle(),
        () ->
            getHandle()
                .createUpdate("INSERT INTO processed_events (event_id) VALUES (:eventId)")
                .bind("eventId", eventId)
                .execute());
  }

  /** Forgets events received before {@code cutoff} (Slack retries stop after minutes). */
  @SqlUpdate("DELETE FROM processed_events WHERE received_at < :cutoff")
  int purgeOlderThan(Instant cutoff);
}
