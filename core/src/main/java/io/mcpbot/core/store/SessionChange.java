package io.mcpbot.core.store;

import java.util.Objects;

/**
 * One row of the session change log: which sessions a change made stale. Immutable.
 *
 * @param id increasing log position
 * @param slackUserId the user whose sessions changed, or null for every user
 * @param serverName the server whose sessions changed, or null for every server
 * @param origin the replica that made the change (it applied it already)
 */
public record SessionChange(long id, String slackUserId, String serverName, String origin) {
  public SessionChange {
    Objects.requireNonNull(origin, "origin");
  }
}
