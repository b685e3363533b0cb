package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Per-user leases (user_leases): which replica runs a user's sessions and turns. Obtain from {@link
 * Store#leases()}; thread-safe there. Times come from the caller's clock.
 */
public final class UserLeases {
  private final Access access;

  UserLeases(Access access) {
    this.access = access;
  }

  /**
   * Takes or renews the user's lease for {@code holder} until {@code until} when it is free,
   * expired at {@code now}, or already {@code holder}'s; returns whether {@code holder} holds it.
   */
  public boolean tryAcquire(String slackUserId, String holder, Instant now, Instant until) {
    return rows().tryAcquire(slackUserId, holder, now, until);
  }

  /** The replica holding the user's unexpired lease at {@code now}, if any. */
  public Optional<String> holder(String slackUserId, Instant now) {
    return rows().holder(slackUserId, now);
  }

  /**
   * Extends every lease {@code holder} holds to {@code until} (the heartbeat); returns how many.
   */
  public int renewAll(String holder, Instant until) {
    return rows().renewAll(holder, until);
  }

  /** Gives up every lease of {@code holder} (clean shutdown); returns how many. */
  public int releaseAll(String holder) {
    return rows().releaseAll(holder);
  }

  private LeaseRows rows() {
    return access.view(LeaseRows.class, LeaseRows.class);
  }
}
