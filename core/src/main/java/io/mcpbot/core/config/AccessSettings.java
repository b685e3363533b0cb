package io.mcpbot.core.config;

import java.util.Objects;
import java.util.Set;

/**
 * Who may use the bot and how much at once, judged by the loader. Empty allowlists mean "anyone in
 * a team the bot is installed in". Immutable; never null fields.
 *
 * @param teamIds ALLOWED_TEAM_IDS: the Slack teams (T...) or Enterprise orgs (E...) whose users may
 *     use the bot; empty for no team allowlist
 * @param userIds ALLOWED_USER_IDS: the only users (U.../W...) who may use the bot; empty for no
 *     user allowlist
 * @param allowGuests ALLOW_GUESTS: whether multi- and single-channel guests may use it (default
 *     false)
 * @param allowExternalUsers ALLOW_EXTERNAL_USERS: whether users of another team (Slack Connect) may
 *     use it (default false)
 * @param maxTurnsPerUser AGENT_MAX_TURNS_PER_USER: turns one user may have in flight at once
 */
public record AccessSettings(
    Set<String> teamIds,
    Set<String> userIds,
    boolean allowGuests,
    boolean allowExternalUsers,
    int maxTurnsPerUser) {

  /** AGENT_MAX_TURNS_PER_USER when unset. */
  public static final int DEFAULT_MAX_TURNS_PER_USER = 2;

  /**
   * Nobody's ID listed, guests and external users refused, {@value #DEFAULT_MAX_TURNS_PER_USER}
   * turns.
   */
  public static final AccessSettings DEFAULTS =
      new AccessSettings(Set.of(), Set.of(), false, false, DEFAULT_MAX_TURNS_PER_USER);

  public AccessSettings {
    teamIds = Set.copyOf(Objects.requireNonNull(teamIds, "teamIds"));
    userIds = Set.copyOf(Objects.requireNonNull(userIds, "userIds"));
    if (maxTurnsPerUser < 1) {
      throw new IllegalArgumentException("maxTurnsPerUser must be >= 1, got " + maxTurnsPerUser);
    }
  }

  /** Whether deciding on a user needs their users.info profile (team, guest, external flags). */
  public boolean needsProfile() {
    return !teamIds.isEmpty() || !allowGuests || !allowExternalUsers;
  }
}
