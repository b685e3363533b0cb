package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A Slack user as stored. Immutable; {@code displayName}, {@code realName}, {@code email} and
 * {@code lastSeenAt} may be null.
 */
public record User(
    long id,
    String slackUserId,
    String displayName,
    String realName,
    String email,
    boolean active,
    Instant createdAt,
    Instant updatedAt,
    Instant lastSeenAt) {
  public User {
    Objects.requireNonNull(slackUserId, "slackUserId");
  }
}
