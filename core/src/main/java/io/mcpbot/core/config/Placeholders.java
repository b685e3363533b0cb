package io.mcpbot.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholder syntax of servers_config.json: {@code ${user_id}} (the Slack user ID), {@code
 * ${user_dir}} (the user's data directory) and {@code ${VAR}} with VAR matching {@code
 * [A-Z_][A-Z0-9_]*}. Any other {@code ${...}} is malformed. Resolution is one pass and never
 * recursive: a substituted value containing {@code ${X}} stays literal. There is no escape syntax.
 * Stateless and thread-safe.
 */
public final class Placeholders {

  /** The per-user placeholder name. */
  public static final String USER_ID = "user_id";

  /** The user's data directory (absolute), a placeholder for paths. */
  public static final String USER_DIR = "user_dir";

  private static final Pattern VALID =
      Pattern.compile("\\$\\{(user_id|user_dir|[A-Z_][A-Z0-9_]*)}");

  private Placeholders() {}

  /** Names referenced by well-formed placeholders in {@code text}, in order (with repeats). */
  public static List<String> names(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = VALID.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * The first malformed placeholder in {@code text} (a {@code ${} not starting a valid one),
   * shortened to 40 characters, or empty if all are well formed.
   */
  public static Optional<String> firstMalformed(String text) {
    int from = 0;
    while (true) {
      int at = text.indexOf("${", from);
      if (at < 0) {
        return Optional.empty();
      }
      Matcher m = VALID.matcher(text).region(at, text.length());
      if (!m.lookingAt()) {
        int close = text.indexOf('}', at);
        int end = Math.min(close < 0 ? text.length() : close + 1, at + 40);
        return Optional.of(text.substring(at, end));
      }
      from = m.end();
    }
  }

  /**
   * Replaces every placeholder in one pass with {@code lookup.apply(name)}; a null lookup result
   * leaves the placeholder as written.
   */
  public static String resolve(String text, Function<String, String> lookup) {
    Matcher m = VALID.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = lookup.apply(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
