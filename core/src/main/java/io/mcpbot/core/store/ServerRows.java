package io.mcpbot.core.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The mcp_servers table behind {@link ServerRegistry}. */
@RegisterConstructorMapper(McpServer.class)
interface ServerRows extends ServerRegistry, SqlObject {

  @Override
  @SqlQuery("SELECT " + Columns.SERVERS + " FROM mcp_servers ORDER BY name")
  List<McpServer> listAll();

  @Override
  @SqlQuery("SELECT " + Columns.SERVERS + " FROM mcp_servers WHERE is_active = TRUE ORDER BY name")
  List<McpServer> listActive();

  @Override
  @SqlQuery("SELECT " + Columns.SERVERS + " FROM mcp_servers WHERE name = :name")
  Optional<McpServer> findByName(String name);

  @Override
  @SqlQuery("SELECT " + Columns.SERVERS + " FROM mcp_servers WHERE id = :id")
  Optional<McpServer> findById(long id);

  @Override
  default McpServer insert(
      String name, String description, String definitionJson, boolean requiresCredentials) {
    long id = insertRow(name, description, definitionJson, requiresCredentials);
    return findById(id).orElseThrow();
  }

  @SqlUpdate(
      "INSERT INTO mcp_servers (name, description, definition, requires_credentials)"
          + " VALUES (:name, :description, :definitionJson, :requiresCredentials)")
  @GetGeneratedKeys("id")
  long insertRow(
      String name, String description, String definitionJson, boolean requiresCredentials);

  @Override
  @SqlUpdate(
      "UPDATE mcp_servers SET description = :description, definition = :definitionJson,"
          + " requires_credentials = :requiresCredentials, updated_at = CURRENT_TIMESTAMP"
          + " WHERE id = :id")
  boolean update(long id, String description, String definitionJson, boolean requiresCredentials);

  @Override
  @SqlUpdate(
      "UPDATE mcp_servers SET is_active = :active, updated_at = CURRENT_TIMESTAMP WHERE id = :id")
  boolean setActive(long id, boolean active);
}
