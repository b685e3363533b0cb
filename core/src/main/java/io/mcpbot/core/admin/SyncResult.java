package io.mcpbot.core.admin;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ServerSync} did (or, on a dry run, would do) to the mcp_servers table. Immutable.
 *
 * @param changes one entry per server in the file or the table, file order first
 * @param warnings non-fatal findings from servers_config.json, each naming the server and key
 * @param dryRun true when nothing was written
 */
public record SyncResult(List<Change> changes, List<String> warnings, boolean dryRun) {

  /** What happened to one server. */
  public enum Action {
    ADDED,
    UPDATED,
    DEACTIVATED,
    REACTIVATED,
    UNCHANGED;

    /** Lower-case label for tables and JSON. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One server's outcome.
   *
   * @param server the server name
   * @param action what sync did
   * @param detail what changed, for people (e.g. "definition, description"), never null
   */
  public record Change(String server, Action action, String detail) {
    public Change {
      Objects.requireNonNull(server, "server");
      Objects.requireNonNull(action, "action");
      detail = detail == null ? "" : detail;
    }
  }

  public SyncResult {
    changes = List.copyOf(changes);
    warnings = List.copyOf(warnings);
  }

  /** How many servers got {@code action}. */
  public long count(Action action) {
    return changes.stream().filter(c -> c.action() == action).count();
  }

  /** True if the table was (or would be) modified. */
  public boolean changedAnything() {
    return changes.stream().anyMatch(c -> c.action() != Action.UNCHANGED);
  }
}
