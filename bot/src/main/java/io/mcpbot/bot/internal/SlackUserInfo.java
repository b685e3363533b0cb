package io.mcpbot.bot.internal;

import io.mcpbot.core.store.UserProfile;
import java.util.Objects;

/**
 * What users.info says about a user that matters to the bot: the profile it stores and the facts
 * access is decided on. Immutable; {@code teamId} and {@code enterpriseId} may be null.
 *
 * @param restricted a multi-channel guest ({@code is_restricted})
 * @param ultraRestricted a single-channel guest ({@code is_ultra_restricted})
 * @param stranger a user of an external organisation Slack marks {@code is_stranger}
 */
record SlackUserInfo(
    UserProfile profile,
    String teamId,
    String enterpriseId,
    boolean restricted,
    boolean ultraRestricted,
    boolean stranger) {
  SlackUserInfo {
    Objects.requireNonNull(profile, "profile");
  }

  boolean guest() {
    return restricted || ultraRestricted;
  }
}
