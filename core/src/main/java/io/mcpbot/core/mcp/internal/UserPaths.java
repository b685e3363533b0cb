package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.config.Placeholders;
import io.mcpbot.core.mcp.McpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Places path-like values inside one user's directory: a value built from {@code ${user_id}},
 * {@code ${user_dir}} or a credential (or a literal path into the data root) must resolve inside
 * {@code userDir}, following symlinks that already exist. {@code ./user_data/${user_id}/x} means
 * {@code <user dir>/x} whatever USER_DATA_DIR is. Immutable and thread-safe.
 *
 * @param userVars placeholder names whose value the user controls (credentials, user_id, user_dir)
 * @param sub resolves every placeholder of a template
 */
record UserPaths(
    String server, Path root, Path userDir, Set<String> userVars, UnaryOperator<String> sub) {

  /** The resolved value of an arg or env template, absolute where it is a path. */
  String place(String template) {
    int eq = template.indexOf('=');
    String option = eq > 0 ? template.substring(0, eq) : "";
    if (eq > 0 && !option.contains("/") && !option.contains("${")) {
      // --db=./user_data/${user_id}/x.db: the path is what follows the option name
      String tail = template.substring(eq + 1);
      String placed = confine(tail);
      return option + "=" + (placed != null ? placed : absolute(tail));
    }
    String whole = confine(template);
    return whole != null ? whole : absolute(template);
  }

  /** The value, made absolute when the admin's template is a relative path. */
  String absolute(String template) {
    String value = sub.apply(template);
    boolean relative =
        template.equals(".")
            || template.equals("..")
            || template.startsWith("./")
            || template.startsWith("../");
    Path p = relative ? asPath(value) : null;
    return p == null ? value : p.toString();
  }

  /** The confined absolute path, or null if {@code template} is not a path into user data. */
  private String confine(String template) {
    boolean fromUser =
        template.contains("/")
            && Placeholders.names(template).stream().anyMatch(userVars::contains);
    Path literal = asPath(template.replace("${", "_").replace("}", "_"));
    if (!fromUser && (literal == null || !literal.startsWith(root))) {
      return null;
    }
    Path p = asPath(underUserDir(template));
    if (p == null || !p.startsWith(userDir) || !staysInside(p)) {
      throw new McpException(
          "server '"
              + server
              + "': a resolved path leaves the user's data directory; "
              + "fix the credential or the path in servers_config.json");
    }
    return p.toString();
  }

  /** The template resolved, its part up to a {@code ${user_id}}/{@code ${user_dir}} segment cut. */
  private String underUserDir(String template) {
    String[] segments = template.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.equals("${" + Placeholders.USER_DIR + "}")
          || s.equals("${" + Placeholders.USER_ID + "}")) {
        String rest =
            String.join("/", java.util.Arrays.copyOfRange(segments, i + 1, segments.length));
        return rest.isEmpty() ? userDir.toString() : userDir + "/" + sub.apply(rest);
      }
    }
    return sub.apply(template);
  }

  /** False if an existing part of {@code p} inside the user's directory is a link leading out. */
  private boolean staysInside(Path p) {
    if (!Files.isDirectory(userDir)) {
      return true; // nothing inside exists yet, so no link can lead out
    }
    Path existing = p;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null || !existing.startsWith(userDir)) {
      return true;
    }
    try {
      return existing.toRealPath().startsWith(userDir.toRealPath());
    } catch (IOException e) {
      return false; // a dangling link: writing through it would create a file elsewhere
    }
  }

  static Path asPath(String s) {
    try {
      return Path.of(s).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
