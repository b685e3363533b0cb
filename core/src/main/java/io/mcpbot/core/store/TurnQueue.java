package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The turn handoff queue (turn_handoffs). A replica takes a row with the compare-and-set {@link
 * #take}, so each row runs on one replica; {@link #done} deletes it once answered. Obtain from
 * {@link Store#turnQueue()}; thread-safe there.
 */
@RegisterConstructorMapper(QueuedTurn.class)
public interface TurnQueue {

  /** Queues a turn. */
  @SqlUpdate(
      "INSERT INTO turn_handoffs (slack_user_id, team_id, channel_id, thread_ts, text, created_at)"
          + " VALUES (:t.slackUserId, :t.teamId, :t.channelId, :t.threadTs, :t.text, :at)")
  void add(@BindMethods("t") QueuedTurn turn, Instant at);

  /**
   * Turns that {@code replica} may take, oldest first: not taken, or taken by a replica that no
   * longer holds the user's lease at {@code now} (it died mid-turn).
   */
  @SqlQuery(
      "SELECT q.id, q.slack_user_id, q.team_id, q.channel_id, q.thread_ts, q.text"
          + " FROM turn_handoffs q LEFT JOIN user_leases l"
          + " ON l.slack_user_id = q.slack_user_id AND l.expires_at >= :now"
          + " WHERE q.taken_by IS NULL OR l.holder IS NULL OR l.holder <> q.taken_by"
          + " ORDER BY q.id LIMIT :limit")
  List<QueuedTurn> waiting(Instant now, int limit);

  /**
   * Records a turn {@code replica} runs at once (it holds the user's lease), already taken, so
   * another replica runs it again if this one dies before {@link #done}; returns the row id.
   */
  @SqlUpdate(
      "INSERT INTO turn_handoffs"
          + " (slack_user_id, team_id, channel_id, thread_ts, text, taken_by, created_at)"
          + " VALUES (:t.slackUserId, :t.teamId, :t.channelId, :t.threadTs, :t.text, :replica, :at)")
  @GetGeneratedKeys("id")
  long addTaken(@BindMethods("t") QueuedTurn turn, String replica, Instant at);

  /** Takes an untaken row for {@code replica}; returns 1 when this call took it, else 0. */
  @SqlUpdate("UPDATE turn_handoffs SET taken_by = :replica WHERE id = :id AND taken_by IS NULL")
  int take(long id, String replica);

  /** Takes a row over from {@code previous} (who lost the user's lease); 1 when this call did. */
  @SqlUpdate("UPDATE turn_handoffs SET taken_by = :replica WHERE id = :id AND taken_by = :previous")
  int takeOver(long id, String replica, String previous);

  /** Wakes the replicas listening for handed-off turns (PostgreSQL only; sent at commit). */
  @SqlUpdate("NOTIFY mcpbot_handoffs")
  void announce();

  /** Who took the row: empty when nobody did yet or the row is gone. */
  @SqlQuery("SELECT taken_by FROM turn_handoffs WHERE id = :id AND taken_by IS NOT NULL")
  java.util.Optional<String> takenBy(long id);

  /** Removes an answered turn. */
  @SqlUpdate("DELETE FROM turn_handoffs WHERE id = :id")
  void done(long id);

  /** Rows in the queue, taken or not. */
  @SqlQuery("SELECT COUNT(*) FROM turn_handoffs")
  long size();
}
