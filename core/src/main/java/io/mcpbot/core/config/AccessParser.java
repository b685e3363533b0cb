package io.mcpbot.core.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The access part of the loader: ALLOWED_TEAM_IDS, ALLOWED_USER_IDS, ALLOW_GUESTS,
 * ALLOW_EXTERNAL_USERS and AGENT_MAX_TURNS_PER_USER, judged once under {@link Need#SLACK}. Not
 * thread-safe; used only while a Settings is being built.
 */
final class AccessParser extends SettingsParser {

  /** A Slack team (T...) or Enterprise Grid org (E...) ID. */
  static final Pattern TEAM_ID = Pattern.compile("[TE][A-Z0-9]{2,}");

  AccessParser(Function<String, Optional<String>> get, List<Problem> problems) {
    super(get, problems);
  }

  AccessSettings access() {
    Set<String> teams =
        ids(
            "ALLOWED_TEAM_IDS",
            TEAM_ID,
            "a Slack team ID (T followed by capitals and digits, e.g."
                + " T0123ABCD; E... for an Enterprise Grid org)");
    Set<String> users =
        ids(
            "ALLOWED_USER_IDS",
            SlackSettings.USER_ID,
            "a Slack user ID (U or W followed by" + " capitals and digits, e.g. U0123ABCD)");
    boolean guests = flag(Need.SLACK, "ALLOW_GUESTS");
    boolean external = flag(Need.SLACK, "ALLOW_EXTERNAL_USERS");
    return new AccessSettings(teams, users, guests, external, maxTurns());
  }

  private Set<String> ids(String name, Pattern shape, String what) {
    Set<String> out = new LinkedHashSet<>();
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return out;
    }
    for (String entry : raw.get().split(",")) {
      String id = entry.strip();
      if (id.isEmpty()) {
        continue;
      }
      if (shape.matcher(id).matches()) {
        out.add(id);
      } else {
        bad(
            Need.SLACK,
            name,
            name
                + " has '"
                + shorten(id)
                + "', which is not "
                + what
                + ": list IDs separated by commas (Slack shows a member's ID under Profile > More >"
                + " Copy member ID), or unset "
                + name
                + " to allow everyone");
      }
    }
    return out;
  }

  private int maxTurns() {
    return wholeNumber(
            Need.SLACK,
            "AGENT_MAX_TURNS_PER_USER",
            1,
            raw ->
                "AGENT_MAX_TURNS_PER_USER must be a whole number >= 1 (got '"
                    + shorten(raw.strip())
                    + "'); unset it for the default "
                    + AccessSettings.DEFAULT_MAX_TURNS_PER_USER)
        .orElse(AccessSettings.DEFAULT_MAX_TURNS_PER_USER);
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
