package io.mcpbot.core.store;

/**
 * Profile fields from Slack's users.info. Immutable; any field may be null, meaning "unknown, keep
 * what is stored".
 */
public record UserProfile(String displayName, String realName, String email) {
  /** A profile with nothing known. */
  public static UserProfile empty() {
    return new UserProfile(null, null, null);
  }
}
