package io.mcpbot.core.store;

import io.mcpbot.core.Require;
import java.time.Instant;

/**
 * A row of mcp_servers: a server synced from servers_config.json. {@code definitionJson} is the
 * JSON of the {@link io.mcpbot.core.config.ServerDefinition} (serialised by the config layer).
 * Immutable; {@code description} may be null.
 */
public record McpServer(
    long id,
    String name,
    String description,
    String definitionJson,
    boolean requiresCredentials,
    boolean active,
    Instant createdAt,
    Instant updatedAt) {
  public McpServer {
    Require.nonNull("name, definitionJson", name, definitionJson);
  }
}
