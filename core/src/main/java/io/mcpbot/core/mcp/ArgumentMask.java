package io.mcpbot.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mcpbot.core.mcp.internal.Masking;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A copy of a tool call's arguments safe to show a person: the values of the user's own credentials
 * for the tool's server, values under secret-sounding keys and values that look like tokens become
 * {@code <masked>}; long strings are cut. Stateless and thread-safe.
 */
public final class ArgumentMask {
  /** Longest string value shown; the rest is cut with a note. */
  public static final int MAX_VALUE_CHARS = 200;

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(token|secret|passw|api[_-]?key|private[_-]?key|authorization|cookie).*");
  // well-known token prefixes, JWTs, and long unbroken runs mixing letters and digits
  private static final Pattern TOKEN =
      Pattern.compile(
          "(?i)(bearer\\s+\\S{8,}|(sk|pk|rk)-[a-z0-9_-]{12,}|xox[abprs]-[a-z0-9-]{8,}|xapp-[a-z0-9-]{8,}"
              + "|gh[pousr]_[a-z0-9]{16,}|github_pat_[a-z0-9_]{16,}|glpat-[a-z0-9_-]{16,}"
              + "|AKIA[A-Z0-9]{16}|eyJ[a-z0-9_-]{8,}\\.[a-z0-9_-]{8,}\\.[a-z0-9_-]*)");
  private static final Pattern LONG_RUN = Pattern.compile("[A-Za-z0-9_+/=.-]{32,}");

  private ArgumentMask() {}

  /** The arguments of a call to {@code tool}, masked and cut; reads the user's credentials. */
  public static JsonNode of(McpTool tool, JsonNode arguments) {
    UserServer origin = tool.origin();
    List<String> secrets = origin == null ? List.of() : List.copyOf(origin.credentials().values());
    return mask(arguments, secrets, false);
  }

  /** {@code arguments} with {@code secrets} and token-like values masked, long values cut. */
  public static JsonNode mask(JsonNode arguments, List<String> secrets, boolean secretKey) {
    if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (arguments.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      arguments
          .properties()
          .forEach(
              e ->
                  out.set(
                      e.getKey(),
                      mask(e.getValue(), secrets, SECRET_KEY.matcher(e.getKey()).matches())));
      return out;
    }
    if (arguments.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      arguments.forEach(v -> out.add(mask(v, secrets, secretKey)));
      return out;
    }
    if (!arguments.isTextual()) {
      return secretKey ? TextNode.valueOf(Masking.MASK) : arguments;
    }
    String s = arguments.textValue();
    if (secretKey && !s.isEmpty()) {
      return TextNode.valueOf(Masking.MASK);
    }
    s = Masking.mask(s, secrets);
    s = TOKEN.matcher(s).replaceAll(Masking.MASK);
    s = LONG_RUN.matcher(s).replaceAll(m -> looksRandom(m.group()) ? Masking.MASK : m.group());
    return TextNode.valueOf(cut(s));
  }

  // A path or a sentence has few digit/letter switches; a key has many.
  private static boolean looksRandom(String run) {
    boolean digit = run.chars().anyMatch(Character::isDigit);
    boolean upper = run.chars().anyMatch(Character::isUpperCase);
    boolean lower = run.chars().anyMatch(Character::isLowerCase);
    return digit
        && upper
        && lower
        && !run.contains("/")
        && !run.toLowerCase(Locale.ROOT).startsWith("http");
  }

  static String cut(String s) {
    if (s.length() <= MAX_VALUE_CHARS) {
      return s;
    }
    return s.substring(0, MAX_VALUE_CHARS)
        + "… ("
        + (s.length() - MAX_VALUE_CHARS)
        + " more characters)";
  }
}
