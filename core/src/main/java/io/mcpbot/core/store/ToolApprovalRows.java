package io.mcpbot.core.store;

import java.time.Instant;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The tool_approvals table behind {@link ToolApprovals}. */
interface ToolApprovalRows extends ToolApprovals, SqlObject {

  @Override
  @SqlQuery(
      "SELECT COUNT(*) > 0 FROM tool_approvals WHERE user_id = :userId AND server_name = :server"
          + " AND tool_name = :tool AND definition_hash = :hash")
  boolean allowed(long userId, String server, String tool, String hash);

  // delete then insert: the one upsert H2 and PostgreSQL share (MERGE differs between them)
  @Override
  @Transaction
  default void allowAlways(long userId, String server, String tool, String hash, Instant at) {
    forget(userId, server, tool);
    insert(userId, server, tool, hash, at);
  }

  @Override
  @SqlUpdate("DELETE FROM tool_approvals WHERE user_id = :userId AND server_name = :server")
  int forgetServer(long userId, String server);

  @SqlUpdate(
      "DELETE FROM tool_approvals WHERE user_id = :userId AND server_name = :server"
          + " AND tool_name = :tool")
  int forget(long userId, String server, String tool);

  @SqlUpdate(
      "INSERT INTO tool_approvals (user_id, server_name, tool_name, definition_hash, created_at)"
          + " VALUES (:userId, :server, :tool, :hash, :at)")
  void insert(long userId, String server, String tool, String hash, Instant at);
}
