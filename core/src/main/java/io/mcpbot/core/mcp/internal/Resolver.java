package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.PlaceholderRules;
import io.mcpbot.core.config.Placeholders;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.config.SlackSettings;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.McpException;
import io.mcpbot.core.mcp.MissingCredentialException;
import io.mcpbot.core.mcp.UserServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Resolves {@code ${user_id}}, {@code ${user_dir}} and {@code ${VAR}} (the user's credentials and
 * the bot variables a server lists in {@code bot_env}, nothing else) in one pass (never recursive,
 * never a shell), keeps paths inside the user's directory ({@link UserPaths}) and builds the
 * child's environment from nothing. Stateless and thread-safe.
 */
public final class Resolver {

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
        throw new MissingCredentialException(def.name(), spec);
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
    Map<String, String> values = new HashMap<>();
    // one pass, never recursive, values quoted literally: the grammar config validated at load
    UnaryOperator<String> sub =
        s ->
            Placeholders.resolve(
                s,
                name -> {
                  String v = lookup(def, userId, userDir, creds, name);
                  values.put(name, v);
                  return v;
                });
    Set<String> userVars = new HashSet<>(Set.of(Placeholders.USER_ID, Placeholders.USER_DIR));
    def.requiredCredentials().forEach(c -> userVars.add(c.envVar()));
    UserPaths paths = new UserPaths(def.name(), root, userDir, userVars, sub);
    List<String> args = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> headers = new LinkedHashMap<>();
    String command = null;
    String url = null;
    switch (def) {
      case StdioServer s -> {
        s.args().forEach(a -> args.add(paths.place(a)));
        for (String name : ALLOWLIST) {
          String v = botEnv.apply(name);
          if (v != null) {
            env.put(name, v);
          }
        }
        s.env().forEach((k, v) -> env.put(k, paths.place(v)));
        creds.forEach(env::put);
        command = paths.absolute(s.command());
      }
      case RemoteServer h -> {
        h.headers().forEach((k, v) -> headers.put(k, sub.apply(v)));
        url = sub.apply(h.url());
      }
    }
    // every value a placeholder brought in from a credential or an allowed bot variable is a secret
    List<String> secrets = new ArrayList<>(creds.values());
    values.forEach(
        (name, v) -> {
          if (!name.equals(Placeholders.USER_ID) && !name.equals(Placeholders.USER_DIR)) {
            secrets.add(v);
          }
        });
    return new ResolvedServer(
        def.name(), userId, command, args, env, url, headers, userDir, secrets);
  }

  /**
   * The value of one placeholder: the user's id or directory, their credential, or a bot variable
   * the server lists in {@code bot_env}. Anything else throws, naming server, variable and fix.
   */
  private String lookup(
      ServerDefinition def, String userId, Path userDir, Map<String, String> creds, String n) {
    if (n.equals(Placeholders.USER_ID)) {
      return userId;
    }
    if (n.equals(Placeholders.USER_DIR)) {
      return userDir.toString();
    }
    String v = creds.get(n);
    if (v != null) {
      return v;
    }
    if (def.credentialForEnvVar(n).isPresent()) {
      return ""; // an optional credential the user left empty
    }
    if (Settings.isBotSecret(n)) {
      throw new McpException(
          "server '"
              + def.name()
              + "' references ${"
              + n
              + "}, a secret of the bot itself; "
              + "servers never receive the bot's secrets, remove it from servers_config.json");
    }
    if (!def.botEnv().contains(n)) {
      throw new McpException(PlaceholderRules.notAllowed(def.name(), n));
    }
    String bot = botEnv.apply(n);
    if (bot == null) {
      throw new McpException(
          "server '"
              + def.name()
              + "' lists "
              + n
              + " in bot_env but the bot's environment does not set it; set it for the bot or"
              + " remove ${"
              + n
              + "} from servers_config.json");
    }
    return bot;
  }
}
