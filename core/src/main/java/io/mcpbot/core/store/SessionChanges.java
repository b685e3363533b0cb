package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;

/**
 * The session change log (session_changes): what each replica reads to close sessions that a change
 * made elsewhere left stale. {@link #publish} appends in the caller's transaction (or its own) and,
 * on PostgreSQL, sends {@code NOTIFY mcpbot_changes} with the commit. Obtain from {@link
 * Store#sessionChanges()}; thread-safe there. Null user or server means "all".
 */
public final class SessionChanges {
  /** The PostgreSQL channel every replica LISTENs on. */
  public static final String CHANNEL = "mcpbot_changes";

  private final Access access;

  SessionChanges(Access access) {
    this.access = access;
  }

  /**
   * Appends a change made by replica {@code origin}; joins the open transaction of this thread if
   * any, so the change and its announcement commit (or roll back) with the data change. Publishers
   * are serialized until commit, keeping ids in commit order.
   */
  public void publish(String slackUserId, String serverName, String origin) {
    java.util.Objects.requireNonNull(origin, "origin");
    access.inTransaction(
        a -> {
          SessionChangeRows rows = a.view(SessionChangeRows.class, SessionChangeRows.class);
          rows.lockLog();
          rows.insert(slackUserId, serverName, origin, Instant.now());
          if (access.url().kind() == DatabaseUrl.Kind.POSTGRESQL) {
            rows.notifyListeners(); // delivered at commit, after the row is visible
          }
          return null;
        });
  }

  /** Changes with ids above {@code afterId}, oldest first, at most {@code limit}. */
  public List<SessionChange> after(long afterId, int limit) {
    return rows().after(afterId, limit);
  }

  /** The newest id (0 when the log is empty): where a replica that has no sessions yet starts. */
  public long lastId() {
    return rows().lastId();
  }

  /** The oldest id still kept (0 when empty); a reader behind it missed purged changes. */
  public long firstId() {
    return rows().firstId();
  }

  /** Deletes changes older than {@code cutoff}, always keeping the newest row; returns how many. */
  public int purgeBefore(Instant cutoff) {
    return rows().purgeBefore(cutoff);
  }

  private SessionChangeRows rows() {
    return access.view(SessionChangeRows.class, SessionChangeRows.class);
  }
}
