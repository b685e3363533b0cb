package io.mcpbot.core.store;

import java.util.List;
import java.util.Optional;

/**
 * The MCP server catalog (mcp_servers), as synced from servers_config.json. Obtain from {@link
 * Store#servers()}; thread-safe there. Arguments must not be null unless stated.
 */
public interface ServerRegistry {

  /** Every server, active or not, by name. */
  List<McpServer> listAll();

  /** The active servers, by name. */
  List<McpServer> listActive();

  Optional<McpServer> findByName(String name);

  Optional<McpServer> findById(long id);

  /**
   * Adds an active server ({@code description} may be null); fails on a duplicate name (a unique
   * constraint).
   */
  McpServer insert(
      String name, String description, String definitionJson, boolean requiresCredentials);

  /** Replaces description and definition; returns false if no such server. */
  boolean update(long id, String description, String definitionJson, boolean requiresCredentials);

  /** Activates or deactivates (removed from the config file) without touching users' data. */
  boolean setActive(long id, boolean active);
}
