package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The session_changes table behind {@link SessionChanges}. */
@RegisterConstructorMapper(SessionChange.class)
interface SessionChangeRows {

  @SqlUpdate("UPDATE session_change_lock SET version = version + 1 WHERE id = 1")
  int lockLog();

  @SqlUpdate(
      "INSERT INTO session_changes (slack_user_id, server_name, origin, created_at)"
          + " VALUES (:user, :server, :origin, :at)")
  void insert(String user, String server, String origin, Instant at);

  @SqlUpdate("NOTIFY mcpbot_changes")
  void notifyListeners();

  @SqlQuery(
      "SELECT id, slack_user_id, server_name, origin FROM session_changes WHERE id > :afterId"
          + " ORDER BY id LIMIT :limit")
  List<SessionChange> after(long afterId, int limit);

  @SqlQuery("SELECT COALESCE(MAX(id), 0) FROM session_changes")
  long lastId();

  @SqlQuery("SELECT COALESCE(MIN(id), 0) FROM session_changes")
  long firstId();

  @SqlUpdate(
      "DELETE FROM session_changes WHERE created_at < :cutoff"
          + " AND id < (SELECT MAX(id) FROM session_changes)")
  int purgeBefore(Instant cutoff);
}
