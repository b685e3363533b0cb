package io.mcpbot.bot;

/**
 * A Slack user's profile as users.info reports it. Immutable; every field may be null when Slack
 * does not share it (email needs the users:read.email scope).
 */
public record UserProfile(String email, String displayName, String realName) {

  /** A profile with nothing known, used when users.info fails. */
  public static UserProfile unknown() {
    return new UserProfile(null, null, null);
  }
}
