package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The user_leases rows behind {@link UserLeases}. */
interface LeaseRows extends SqlObject {

  /**
   * Takes or renews the user's lease for {@code holder} until {@code until} when it is free,
   * expired at {@code now}, or already {@code holder}'s; returns whether {@code holder} holds it.
   */
  default boolean tryAcquire(String slackUserId, String holder, Instant now, Instant until) {
    if (take(slackUserId, holder, now, until) == 1) {
      return true;
    }
    return Sql.tryInsert(getHandle(), () -> insert(slackUserId, holder, until));
  }

  @SqlUpdate(
      "INSERT INTO user_leases (slack_user_id, holder, expires_at)"
          + " VALUES (:slackUserId, :holder, :until)")
  void insert(String slackUserId, String holder, Instant until);

  @SqlUpdate(
      "UPDATE user_leases SET holder = :holder, expires_at = :until WHERE slack_user_id = :user"
          + " AND (holder = :holder OR expires_at < :now)")
  int take(String user, String holder, Instant now, Instant until);

  /** The replica holding the user's unexpired lease at {@code now}, if any. */
  @SqlQuery("SELECT holder FROM user_leases WHERE slack_user_id = :user AND expires_at >= :now")
  Optional<String> holder(String user, Instant now);

  /**
   * Extends every lease {@code holder} holds to {@code until} (the heartbeat); returns how many.
   */
  @SqlUpdate("UPDATE user_leases SET expires_at = :until WHERE holder = :holder")
  int renewAll(String holder, Instant until);

  /** Gives up every lease of {@code holder} (clean shutdown); returns how many. */
  @SqlUpdate("DELETE FROM user_leases WHERE holder = :holder")
  int releaseAll(String holder);
}
