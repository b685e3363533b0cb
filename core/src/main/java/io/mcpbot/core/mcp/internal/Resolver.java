package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.config.SlackSettings;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.McpException;
import io.mcpbot.core.mcp.MissingCredentialException;
import io.mcpbot.core.mcp.UserServer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${user_id}} and {@code ${VAR}} in one pass (never recursive, never a shell) and
 * builds the child's environment from nothing. Stateless and thread-safe.
 */
public final class Resolver {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** Host variables a child may inherit, if the bot has them. */
  public static final List<String> ALLOWLIST =
      List.of("PATH", "HOME", "LANG", "TERM", "USER", "LOGNAME", "SHELL", "TZ");

  private final Path root;
  private final Function<String, String> botEnv;

  public Resolver(Path root, Function<String, String> botEnv) {
    this.root = root.toAbsolutePath().normalize();
    this.botEnv = botEnv;
  }

  /** Throws {@link McpException} unless {@code userId} is a Slack user id. */
  public static String requireUserId(String userId) {
    if (userId == null || !SlackSettings.USER_ID.matcher(userId).matches()) {
      throw new McpException(
          "refusing user id '"
              + (userId == null ? "null" : userId.replaceAll("[^ -~]", "?"))
              + "': expected a Slack user id like U012ABC");
    }
    return userId;
  }

  public Path userDir(String userId) {
    return root.resolve(requireUserId(userId));
  }

  /**
   * Throws unless {@code us} can start as far as its source knows: not {@link
   * UserServer#unavailable} and every required credential present. Cheap: no I/O, no resolution, so
   * the pool checks it before taking a permit or evicting anyone's session.
   */
  public static void requireRunnable(UserServer us) {
    if (us.unavailableReason() != null) {
      throw new McpException(us.unavailableReason());
    }
    ServerDefinition def = us.definition();
    for (CredentialSpec spec : def.requiredCredentials()) {
      String v = us.credentials().get(spec.envVar());
      if (spec.required() && (v == null || v.isEmpty())) {
        throw new MissingCredentialException(def.name(), spec.name(), spec.envVar());
      }
    }
  }

  /** Resolves {@code us} for {@code userId}; throws on a missing credential or an escaping path. */
  public ResolvedServer resolve(String userId, UserServer us) {
    requireUserId(userId);
    requireRunnable(us);
    ServerDefinition def = us.definition();
    Map<String, String> creds = us.credentials();
    Path userDir = userDir(userId);
    List<String> args = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> secrets = new ArrayList<>(creds.values());
    String command = null;
    String url = null;
    switch (def) {
      case StdioServer s -> {
        for (String a : s.args()) {
          args.add(checkPath(def.name(), userDir, a, sub(def, userId, creds, a)));
        }
        for (String name : ALLOWLIST) {
          String v = botEnv.apply(name);
          if (v != null) {
            env.put(name, v);
          }
        }
        s.env()
            .forEach(
                (k, v) ->
                    env.put(k, checkPath(def.name(), userDir, v, sub(def, userId, creds, v))));
        creds.forEach(env::put);
        command = absolute(s.command(), s.command());
      }
      case RemoteServer h -> {
        h.headers().forEach((k, v) -> headers.put(k, sub(def, userId, creds, v)));
        url = sub(def, userId, creds, h.url());
        // an admin-named bot variable in a header or the URL is a secret too (an org-wide key)
        List<String> remote = new ArrayList<>(h.headers().values());
        remote.add(h.url());
        for (String r : remote) {
          Matcher m = PLACEHOLDER.matcher(r);
          while (m.find()) {
            String v = lookup(def, userId, creds, m.group(1));
            if (v != null && !m.group(1).equals("user_id")) {
              secrets.add(v);
            }
          }
        }
      }
    }
    return new ResolvedServer(
        def.name(), userId, command, args, env, url, headers, userDir, secrets);
  }

  private String sub(ServerDefinition def, String userId, Map<String, String> creds, String s) {
    Matcher m = PLACEHOLDER.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String v = lookup(def, userId, creds, name);
      if (v == null) {
        throw new McpException(
            "server '"
                + def.name()
                + "' references ${"
                + name
                + "}, which is neither a credential of the user nor set in the bot's environment;"
                + " declare it under required_credentials or set it for the bot");
      }
      // appendReplacement would interpret '$' and '\' in the value: quote it so it stays literal.
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String lookup(ServerDefinition def, String userId, Map<String, String> creds, String n) {
    if (n.equals("user_id")) {
      return userId;
    }
    String v = creds.get(n);
    if (v != null) {
      return v;
    }
    if (def.credentialForEnvVar(n).isPresent()) {
      return ""; // an optional credential the user left empty
    }
    if (Settings.isBotSecret(
        n)) { // ENCRYPTION_*, MASTER_PASSWORD, DATABASE_URL, SLACK_*, *_API_KEY
      throw new McpException(
          "server '"
              + def.name()
              + "' references ${"
              + n
              + "}, a secret of the bot itself; "
              + "servers never receive the bot's secrets, remove it from servers_config.json");
    }
    return botEnv.apply(n);
  }

  /**
   * A value whose template points into the data root must, once resolved, stay inside this user's
   * own directory: a credential like {@code ../../etc} or another user's id must not reach out.
   * Such a value is passed on absolute: the child runs in the user's directory, so the config's
   * {@code ./user_data/${user_id}/...} (relative to the bot's working directory) would otherwise
   * point to {@code <user dir>/user_data/<user>/...} (or, for server-memory, next to its script).
   * Any other relative path the admin wrote ({@code ./servers/x.js}) is made absolute against the
   * bot's working directory for the same reason.
   */
  private String checkPath(String server, Path userDir, String template, String value) {
    String whole = confine(server, userDir, template, value);
    if (whole != null) {
      return whole;
    }
    int eq = template.indexOf('=');
    if (eq > 0 && value.indexOf('=') == eq) {
      String tailTemplate = template.substring(eq + 1);
      String tailValue = value.substring(eq + 1);
      String tail = confine(server, userDir, tailTemplate, tailValue);
      return value.substring(0, eq + 1) + (tail != null ? tail : absolute(tailTemplate, tailValue));
    }
    return absolute(template, value);
  }

  /** The resolved value made absolute when the admin's template is a relative path. */
  static String absolute(String template, String value) {
    boolean relative =
        template.equals(".")
            || template.equals("..")
            || template.startsWith("./")
            || template.startsWith("../");
    Path p = relative ? asPath(value) : null;
    return p == null ? value : p.toString();
  }

  /** The absolute value if the template points into the root (throws if it leaves the user's). */
  private String confine(String server, Path userDir, String template, String value) {
    Path t = asPath(template.replace("${", "_").replace("}", "_"));
    if (t == null || !t.startsWith(root)) {
      return null;
    }
    Path v = asPath(value);
    if (v == null || !v.startsWith(userDir)) {
      throw new McpException(
          "server '"
              + server
              + "': a resolved path leaves the user's data directory; "
              + "fix the credential or the path in servers_config.json");
    }
    return v.toString();
  }

  private static Path asPath(String s) {
    try {
      return Path.of(s).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
