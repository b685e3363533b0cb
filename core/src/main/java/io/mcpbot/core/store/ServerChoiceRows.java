package io.mcpbot.core.store;

import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The user_server_configs table behind {@link ServerChoices}. */
@RegisterConstructorMapper(ServerState.class)
interface ServerChoiceRows extends ServerChoices, SqlObject {

  @Override
  default void setEnabled(long userId, long serverId, boolean enabled) {
    Sql.upsert(
        getHandle(),
        () -> update(userId, serverId, enabled),
        () -> insert(userId, serverId, enabled));
  }

  @SqlUpdate(
      "INSERT INTO user_server_configs (user_id, server_id, is_enabled)"
          + " VALUES (:userId, :serverId, :enabled)")
  void insert(long userId, long serverId, boolean enabled);

  @SqlUpdate(
      "UPDATE user_server_configs SET is_enabled = :enabled, updated_at = CURRENT_TIMESTAMP"
          + " WHERE user_id = :userId AND server_id = :serverId")
  int update(long userId, long serverId, boolean enabled);

  @Override
  @SqlQuery(
      "SELECT COUNT(*) FROM user_server_configs"
          + " WHERE user_id = :userId AND server_id = :serverId AND is_enabled = TRUE")
  boolean isEnabled(long userId, long serverId);

  @Override
  @SqlQuery(
      "SELECT s.name FROM user_server_configs c JOIN mcp_servers s ON s.id = c.server_id"
          + " WHERE c.user_id = :userId AND c.is_enabled = TRUE AND s.is_active = TRUE"
          + " ORDER BY s.name")
  List<String> enabledServerNames(long userId);

  @Override
  @SqlQuery(
      "SELECT s.id AS server_id, s.name, s.description, s.requires_credentials,"
          + " COALESCE(c.is_enabled, FALSE) AS enabled,"
          + " (SELECT COUNT(*) FROM user_credentials uc"
          + "   WHERE uc.user_id = :userId AND uc.server_id = s.id) AS credential_count"
          + " FROM mcp_servers s LEFT JOIN user_server_configs c"
          + "   ON c.server_id = s.id AND c.user_id = :userId"
          + " WHERE s.is_active = TRUE ORDER BY s.name")
  List<ServerState> states(long userId);
}
