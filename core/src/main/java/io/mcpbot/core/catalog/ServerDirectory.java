package io.mcpbot.core.catalog;

import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.store.McpServer;
import io.mcpbot.core.store.Store;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The active servers as synced into the database, parsed once per stored definition (the JSON text
 * is the cache key, so a sync that changes a definition is picked up on the next lookup).
 * Thread-safe.
 */
public final class ServerDirectory {
  private final Store store;
  private final Map<String, ServerDefinition> parsed = new ConcurrentHashMap<>();

  public ServerDirectory(Store store) {
    this.store = store;
  }

  /** Active servers in name order, with their database rows. */
  public Map<String, Entry> active() {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (McpServer row : store.servers().listActive()) {
      out.put(row.name(), new Entry(row, definition(row)));
    }
    return out;
  }

  /** One active server, if it exists. */
  public Optional<Entry> find(String name) {
    return store
        .servers()
        .findByName(name)
        .filter(McpServer::active)
        .map(row -> new Entry(row, definition(row)));
  }

  private ServerDefinition definition(McpServer row) {
    return parsed.computeIfAbsent(
        row.name() + '\u0000' + row.definitionJson(),
        k -> ServersConfig.fromJson(row.name(), row.definitionJson()));
  }

  /** Why {@code slackUserId} may not use {@code server}, worded for the user. */
  public static String notAllowed(String slackUserId, String server) {
    return "You are not among the users allowed to use '"
        + server
        + "'. Ask an admin to add your Slack user ID ("
        + slackUserId
        + ") to its \"allowed_users\" in servers_config.json and run `mcpbot sync-servers`.";
  }

  /** A stored server row with its parsed definition. */
  public record Entry(McpServer row, ServerDefinition definition) {
    public long id() {
      return row.id();
    }
  }
}
