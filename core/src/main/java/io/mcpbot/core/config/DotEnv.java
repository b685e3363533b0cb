package io.mcpbot.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small {@code .env} parser: {@code KEY=VALUE} lines, optional {@code export } prefix, blank
 * lines and {@code #} comments, single quotes (literal), double quotes (with \n \t \" \\ escapes),
 * and {@code # comment} after unquoted values. Stateless; problems never quote a line's value.
 */
final class DotEnv {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

  /** Parsed variables in file order plus problems ("line N: ..."). */
  record Result(Map<String, String> values, List<String> problems) {}

  private DotEnv() {}

  static Result parse(String content, String sourceName) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).stripLeading();
      }
      int eq = line.indexOf('=');
      String where = sourceName + " line " + (i + 1);
      if (eq <= 0) {
        problems.add(where + ": expected KEY=VALUE; fix or comment out the line with #");
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (!KEY.matcher(key).matches()) {
        problems.add(where + ": '" + key + "' is not a valid variable name (letters, digits, _)");
        continue;
      }
      String value = unquote(line.substring(eq + 1).strip());
      if (value == null) {
        problems.add(where + ": " + key + " has an unterminated quote; close it on the same line");
        continue;
      }
      values.put(key, value);
    }
    return new Result(values, problems);
  }

  /** The value without quotes or trailing comment; null if a quote is not closed. */
  private static String unquote(String raw) {
    if (raw.startsWith("'")) {
      int end = raw.indexOf('\'', 1);
      return end < 0 ? null : raw.substring(1, end);
    }
    if (raw.startsWith("\"")) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\' && i + 1 < raw.length()) {
          char n = raw.charAt(++i);
          sb.append(
              switch (n) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                default -> n;
              });
        } else {
          sb.append(c);
        }
      }
      return null;
    }
    int hash = raw.indexOf(" #");
    return (hash >= 0 ? raw.substring(0, hash) : raw).strip();
  }
}
