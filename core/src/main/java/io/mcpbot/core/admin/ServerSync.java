package io.mcpbot.core.admin;

import io.mcpbot.core.admin.SyncResult.Action;
import io.mcpbot.core.admin.SyncResult.Change;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.store.McpServer;
import io.mcpbot.core.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Brings the mcp_servers table in line with servers_config.json: adds new servers, updates changed
 * ones, reactivates returning ones and deactivates removed ones. It never deletes a server row, so
 * users' settings and credentials for a removed server survive and come back with it. Definitions
 * are compared through {@link ServersConfig#toJson}, the stable form the table stores. Stateless
 * and thread-safe; one sync runs in one transaction.
 */
public final class ServerSync {
  private ServerSync() {}

  /**
   * Syncs {@code config} into {@code store}.
   *
   * @param dryRun compute the changes without writing anything
   */
  public static SyncResult sync(Store store, ServersConfig config, boolean dryRun) {
    return sync(store, config, dryRun, ORIGIN);
  }

  /** The origin stamped on the changes sync publishes when no replica is named. */
  public static final String ORIGIN = "sync-servers";

  /**
   * {@link #sync(Store, ServersConfig, boolean)} whose changes to existing servers are published to
   * the session change log as made by {@code origin} (in the same transaction), so every replica
   * restarts the sessions of a changed server and closes those of a deactivated one.
   */
  public static SyncResult sync(Store store, ServersConfig config, boolean dryRun, String origin) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(config, "config");
    return store.inTransaction(
        tx -> {
          List<Change> changes = plan(tx.servers().listAll(), config);
          if (!dryRun) {
            apply(tx, config, changes);
            changes.stream()
                .filter(c -> c.action() != Action.UNCHANGED && c.action() != Action.ADDED)
                .forEach(c -> tx.sessionChanges().publish(null, c.server(), origin));
          }
          return new SyncResult(changes, config.warnings(), dryRun);
        });
  }

  static List<Change> plan(List<McpServer> rows, ServersConfig config) {
    Map<String, McpServer> stored = new LinkedHashMap<>();
    rows.forEach(r -> stored.put(r.name(), r));
    List<Change> changes = new ArrayList<>();
    for (ServerDefinition d : config.servers().values()) {
      McpServer row = stored.remove(d.name());
      if (row == null) {
        changes.add(new Change(d.name(), Action.ADDED, describe(d)));
        continue;
      }
      List<String> diff = new ArrayList<>();
      if (!ServersConfig.toJson(d).equals(row.definitionJson())) {
        diff.add("definition");
      }
      if (!d.description().equals(Objects.requireNonNullElse(row.description(), ""))) {
        diff.add("description");
      }
      if (requiresCredentials(d) != row.requiresCredentials()) {
        diff.add("requires_credentials " + requiresCredentials(d));
      }
      String detail = String.join(", ", diff);
      if (!row.active()) {
        changes.add(
            new Change(d.name(), Action.REACTIVATED, detail.isEmpty() ? "" : "and " + detail));
      } else if (!diff.isEmpty()) {
        changes.add(new Change(d.name(), Action.UPDATED, detail));
      } else {
        changes.add(new Change(d.name(), Action.UNCHANGED, ""));
      }
    }
    for (McpServer row : stored.values()) {
      changes.add(
          new Change(
              row.name(),
              row.active() ? Action.DEACTIVATED : Action.UNCHANGED,
              row.active()
                  ? "not in the file; users' settings and credentials kept"
                  : "inactive (not in the file)"));
    }
    return changes;
  }

  private static void apply(Store tx, ServersConfig config, List<Change> changes) {
    for (Change c : changes) {
      ServerDefinition d = config.servers().get(c.server());
      switch (c.action()) {
        case ADDED ->
            tx.servers().insert(d.name(), d.description(), json(d), requiresCredentials(d));
        case UPDATED, REACTIVATED -> {
          McpServer row = tx.servers().findByName(d.name()).orElseThrow();
          tx.servers().update(row.id(), d.description(), json(d), requiresCredentials(d));
          if (c.action() == Action.REACTIVATED) {
            tx.servers().setActive(row.id(), true);
          }
        }
        case DEACTIVATED ->
            tx.servers().setActive(tx.servers().findByName(c.server()).orElseThrow().id(), false);
        case UNCHANGED -> {}
      }
    }
  }

  private static String json(ServerDefinition d) {
    return ServersConfig.toJson(d);
  }

  private static boolean requiresCredentials(ServerDefinition d) {
    return d.requiredCredentials().stream().anyMatch(c -> c.required());
  }

  private static String host(String url) {
    try {
      String h = java.net.URI.create(url).getHost();
      return h == null ? "(url)" : h;
    } catch (IllegalArgumentException e) {
      return "(url)";
    }
  }

  private static String describe(ServerDefinition d) {
    // Only the host of a URL: an admin may have pasted a token into its query string.
    String kind =
        switch (d) {
          case RemoteServer h -> "http " + host(h.url());
          case StdioServer s -> "stdio " + s.command();
        };
    int creds = d.requiredCredentials().size();
    return kind + (creds == 0 ? "" : ", " + creds + (creds == 1 ? " credential" : " credentials"));
  }
}
