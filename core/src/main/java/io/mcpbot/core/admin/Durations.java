package io.mcpbot.core.admin;

import io.mcpbot.core.McpbotException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the CLI's period syntax ({@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}, {@code 2w}).
 * Stateless and thread-safe; arguments must not be null unless stated.
 */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*([smhdw])");

  private Durations() {}

  /**
   * Parses {@code text}, a whole positive number followed by s, m, h, d or w.
   *
   * @throws McpbotException naming the accepted forms
   */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new McpbotException(
          "invalid period '"
              + text
              + "': write a positive whole number and a unit, e.g. 30d, 12h, 90m, 45s or 2w");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /** The compact form {@link #parse} accepts, choosing the largest exact unit. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (s % 604_800 == 0) {
      return s / 604_800 + "w";
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
