package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The processed_events table behind {@link ProcessedEvents}. */
interface EventRows extends ProcessedEvents, SqlObject {

  @Override
  default boolean markProcessed(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    return Sql.tryInsert(getHandle(), () -> insert(eventId));
  }

  @SqlUpdate("INSERT INTO processed_events (event_id) VALUES (:eventId)")
  void insert(String eventId);

  @Override
  @SqlUpdate("DELETE FROM processed_events WHERE received_at < :cutoff")
  int purgeOlderThan(Instant cutoff);
}
