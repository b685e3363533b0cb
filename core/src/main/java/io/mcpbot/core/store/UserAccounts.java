package io.mcpbot.core.store;

import java.util.Optional;

/**
 * Slack users as stored (users). Obtain from {@link Store#users()}; thread-safe there. Arguments
 * must not be null unless stated.
 */
public interface UserAccounts {

  Optional<User> findBySlackId(String slackUserId);

  /**
   * Creates the user or refreshes its profile; a null profile, or null fields in it, keep the
   * stored values. Safe when several threads or instances upsert the same user at once.
   */
  User upsert(String slackUserId, UserProfile profile);

  /** Records that the user just wrote to the bot; false if no such user. */
  boolean touchLastSeen(long userId);

  /** Marks a user active or inactive (the guide's is_active); false if no such user. */
  boolean setActive(long id, boolean active);

  /** Deletes a user and, by cascade, all of their credentials, settings and conversations. */
  boolean delete(long id);
}
