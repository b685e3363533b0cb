package io.mcpbot.bot.internal;

import io.mcpbot.bot.BotBackend;
import io.mcpbot.core.store.UserProfile;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** First contact: creates users from their users.info profile once. Thread-safe. */
public final class Users {
  private static final Logger log = LoggerFactory.getLogger(Users.class);

  private final BotBackend backend;
  private final SlackApi api;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public Users(BotBackend backend, SlackApi api) {
    this.backend = backend;
    this.api = api;
  }

  /** Makes sure the backend knows the user, fetching their profile on first contact. */
  public void ensureKnown(String userId) {
    if (known.contains(userId)) {
      return;
    }
    if (!backend.knowsUser(userId)) {
      UserProfile profile;
      try {
        profile = api.userProfile(userId);
      } catch (RuntimeException e) {
        // Still create the user so they get an answer; the profile stays unknown.
        log.warn("users.info failed for {}: {}", userId, e.getMessage());
        profile = UserProfile.empty();
      }
      backend.ensureUser(userId, profile);
      log.info("first contact with Slack user {}", userId);
    }
    known.add(userId);
  }
}
