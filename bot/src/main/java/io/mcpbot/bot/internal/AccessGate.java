package io.mcpbot.bot.internal;

import io.mcpbot.core.config.AccessSettings;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a Slack user may use the bot, before any model call, MCP process or write on
 * their behalf: the user allowlist, then (when a rule needs it) their users.info facts: the team
 * allowlist, guests, and users of another organisation. When users.info fails and a rule needs it,
 * the user is refused for now (fail closed) and asked to try again: an unknown user could be a
 * guest or external. Thread-safe.
 */
public final class AccessGate {
  private static final Logger log = LoggerFactory.getLogger(AccessGate.class);

  /** Why a user was refused; each has its own polite text. */
  enum Refusal {
    NOT_LISTED,
    TEAM_NOT_LISTED,
    GUEST,
    EXTERNAL,
    UNVERIFIED
  }

  /** The bot's own workspace, from auth.test; either may be null before start or off a Grid. */
  public record Home(String teamId, String enterpriseId) {}

  private final AccessSettings settings;
  private final SlackUsers users;
  private final Supplier<Home> home;

  public AccessGate(AccessSettings settings, SlackUsers users, Supplier<Home> home) {
    this.settings = settings;
    this.users = users;
    this.home = home;
  }

  /** Null when {@code userId} may use the bot, else why not. Logs each refusal at INFO. */
  Refusal check(String userId) {
    Refusal r = decide(userId);
    if (r != null) {
      log.info("refused Slack user {}: {}", userId, r);
    }
    return r;
  }

  private Refusal decide(String userId) {
    if (!settings.userIds().isEmpty() && !settings.userIds().contains(userId)) {
      return Refusal.NOT_LISTED;
    }
    if (!settings.needsProfile()) {
      return null;
    }
    SlackUserInfo info;
    try {
      info = users.lookup(userId);
    } catch (RuntimeException e) {
      log.warn("users.info failed for {}; refusing for now: {}", userId, e.getMessage());
      return Refusal.UNVERIFIED;
    }
    if (!settings.teamIds().isEmpty()
        && !listed(settings.teamIds(), info.teamId())
        && !listed(settings.teamIds(), info.enterpriseId())) {
      return Refusal.TEAM_NOT_LISTED;
    }
    if (!settings.allowGuests() && info.guest()) {
      return Refusal.GUEST;
    }
    if (!settings.allowExternalUsers() && external(info, home.get())) {
      return Refusal.EXTERNAL;
    }
    return null;
  }

  // Set.copyOf sets throw on contains(null).
  private static boolean listed(java.util.Set<String> ids, String id) {
    return id != null && ids.contains(id);
  }

  // Slack Connect: a user of another team, unless both are in the same Enterprise Grid org.
  private static boolean external(SlackUserInfo info, Home home) {
    if (info.stranger()) {
      return true;
    }
    boolean sameTeam = info.teamId() != null && info.teamId().equals(home.teamId());
    boolean sameOrg =
        info.enterpriseId() != null && info.enterpriseId().equals(home.enterpriseId());
    return !sameTeam && !sameOrg;
  }

  /** The polite text a refused user sees; {@code ref} is logged beside UNVERIFIED. */
  static String text(Refusal r, String ref) {
    return switch (r) {
      case NOT_LISTED, TEAM_NOT_LISTED ->
          ":lock: Sorry, I'm not available to you: the admins of this workspace have limited who"
              + " can use me. If you think you should have access, please ask them.";
      case GUEST ->
          ":lock: Sorry, I'm not available to guest accounts in this workspace. If you need me,"
              + " please ask a workspace admin.";
      case EXTERNAL ->
          ":lock: Sorry, I'm only available to members of this workspace, not to people from"
              + " other organizations in shared channels.";
      case UNVERIFIED ->
          ":hourglass: Sorry, I couldn't check your Slack account just now, so I can't help yet."
              + " Please try again in a moment; if it keeps happening, give your admin this"
              + " reference: `"
              + ref
              + "`.";
    };
  }
}
