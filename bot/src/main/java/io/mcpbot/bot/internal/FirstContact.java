package io.mcpbot.bot.internal;

import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.users.UserServers;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First contact: creates users from their users.info profile once. When users.info fails the user
 * is created without a profile (they still get their answer) and the lookup is tried again on their
 * next few contacts. Thread-safe.
 *
 * <p>Access is decided before first contact ({@link AccessGate}): with its default rules a user
 * whose users.info fails is refused before getting here; this path matters when the operator allows
 * guests and external users (then no rule needs the profile).
 */
public final class FirstContact {
  private static final Logger log = LoggerFactory.getLogger(FirstContact.class);
  static final int PROFILE_ATTEMPTS = 3;

  private final Store store;
  private final UserServers users;
  private final SlackUsers slackUsers;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  // users created without a profile because users.info failed -> failed attempts so far
  private final Map<String, Integer> withoutProfile = new ConcurrentHashMap<>();

  public FirstContact(Store store, UserServers users, SlackUsers slackUsers) {
    this.store = store;
    this.users = users;
    this.slackUsers = slackUsers;
  }

  /** Makes sure the store knows the user, fetching their profile on first contact. */
  public void ensureKnown(String userId) {
    if (known.contains(userId)) {
      return;
    }
    Integer failed = withoutProfile.get(userId);
    if (failed == null && store.users().findBySlackId(userId).isPresent()) {
      known.add(userId);
      return;
    }
    UserProfile profile;
    try {
      // The access check may have just looked the user up: the cache answers then.
      profile = slackUsers.lookup(userId).profile();
    } catch (RuntimeException e) {
      int attempts = failed == null ? 1 : failed + 1;
      log.warn(
          "users.info failed for {} (attempt {} of {}): {}",
          userId,
          attempts,
          PROFILE_ATTEMPTS,
          e.getMessage());
      if (failed == null) {
        // Still create the user so they get an answer; the profile stays unknown for now.
        users.ensureUser(userId, UserProfile.empty());
        log.info("first contact with Slack user {} (no profile)", userId);
      }
      if (attempts >= PROFILE_ATTEMPTS) {
        withoutProfile.remove(userId);
        known.add(userId);
      } else {
        withoutProfile.put(userId, attempts);
      }
      return;
    }
    users.ensureUser(userId, profile);
    if (failed == null) {
      log.info("first contact with Slack user {}", userId);
    }
    withoutProfile.remove(userId);
    known.add(userId);
  }
}
