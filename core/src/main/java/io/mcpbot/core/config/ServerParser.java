package io.mcpbot.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.core.mcp.sandbox.SandboxPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns one {@code mcpServers} entry into a {@link ServerDefinition}, adding every problem (errors
 * and warnings, each naming the server, the key and the fix) to the given lists. Not thread-safe;
 * one instance per entry.
 */
final class ServerParser {
  static final Pattern SERVER_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,32}");
  static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final List<String> SERVER_KEYS =
      List.of(
          "command",
          "args",
          "env",
          "url",
          "headers",
          "description",
          "required_credentials",
          "timeouts",
          "sandbox",
          "bot_env",
          "allowed_users",
          "transport",
          "oauth",
          "approval",
          "safe_tools");
  private static final List<String> TIMEOUT_KEYS =
      List.of("initialize_seconds", "call_seconds", "list_seconds");

  private final String name;
  private final String where;
  private final List<String> errors;
  private final List<String> warnings;

  /** env_var -> credential name for every well-formed env_var, even of otherwise bad entries. */
  private final Map<String, String> declared = new LinkedHashMap<>();

  ServerParser(String name, List<String> errors, List<String> warnings) {
    this.name = name;
    this.where = "server '" + name + "'";
    this.errors = errors;
    this.warnings = warnings;
  }

  /** The definition, or empty if this entry has errors (which were added to the list). */
  Optional<ServerDefinition> parse(JsonNode node) {
    int errorsBefore = errors.size();
    if (!SERVER_NAME.matcher(name).matches()) {
      errors.add(
          where
              + ": the name must be 1-32 letters, digits, '_' or '-' (it prefixes tool names);"
              + " rename the key under \"mcpServers\"");
    }
    if (!node.isObject()) {
      errors.add(where + ": must be an object like {\"command\": \"npx\", \"args\": [...]}");
      return Optional.empty();
    }
    JsonChecks.unknownKeys(node, SERVER_KEYS, where, "; remove it or fix its spelling", warnings);
    String command = text(node, "command");
    String url = text(node, "url");
    command = command == null || command.isBlank() ? null : command;
    url = url == null || url.isBlank() ? null : url;
    if (command == null && url == null) {
      errors.add(
          where
              + ": missing \"command\" (for a stdio server) or \"url\" (for an HTTP server);"
              + " add one, e.g. \"command\": \"npx\"");
    } else if (command != null && url != null) {
      errors.add(where + ": has both \"command\" and \"url\"; keep only one");
    }
    if (command != null && command.contains("${")) {
      errors.add(where + ": \"command\" cannot contain placeholders; put them in \"args\"");
    }
    if (url != null) {
      checkUrl(url);
    }
    List<String> args = stringList(node, "args");
    Map<String, String> env = stringMap(node, "env");
    Map<String, String> headers = stringMap(node, "headers");
    env.keySet().stream()
        .filter(k -> !ENV_KEY.matcher(k).matches())
        .forEach(
            k ->
                errors.add(
                    where
                        + ": env key \""
                        + k
                        + "\" is not a valid variable name; use letters,"
                        + " digits and '_'"));
    if (command != null && node.has("headers")) {
      warnings.add(where + ": \"headers\" only apply to \"url\" servers and are ignored here");
    }
    for (String k : List.of("transport", "oauth")) {
      if (command != null && node.has(k)) {
        warnings.add(where + ": \"" + k + "\" only applies to \"url\" servers and is ignored here");
      }
    }
    if (url != null && (node.has("args") || node.has("env"))) {
      warnings.add(
          where
              + ": \"args\" and \"env\" only apply to \"command\" servers and are"
              + " ignored here");
    }
    String description = text(node, "description");
    List<CredentialSpec> credentials =
        new CredentialParser(where, errors, warnings, declared)
            .parse(node.get("required_credentials"));
    Duration[] timeouts = timeouts(node.get("timeouts"));
    ServerAccess access = new ServerAccess(where, errors, warnings);
    List<String> botEnv = access.botEnv(node.get("bot_env"), declared.keySet());
    List<String> allowedUsers = access.allowedUsers(node.get("allowed_users"));
    new PlaceholderCheck(where, errors, warnings, declared).check(url, args, env, headers, botEnv);
    JsonNode sandboxNode = node.get("sandbox");
    if (url != null && sandboxNode != null) {
      warnings.add(where + ": \"sandbox\" only applies to \"command\" servers and is ignored here");
    }
    boolean sandboxRequired = access.sandboxRequired(sandboxNode);
    RemoteKeys remote = new RemoteKeys(where, errors, warnings);
    RemoteTransport transport = url == null ? null : remote.transport(node);
    OAuthClient oauth = url == null ? null : remote.oauth(node, declared.keySet());
    ApprovalPolicy approval = new ApprovalKeys(where, errors, warnings).parse(node);
    SandboxPolicy sandbox =
        SandboxPolicy.parse(name, ServerAccess.withoutRequired(sandboxNode), errors, warnings);
    if (errors.size() > errorsBefore) {
      return Optional.empty();
    }
    ServerOptions options =
        new ServerOptions(
            description,
            credentials,
            timeouts[0],
            timeouts[1],
            timeouts[2],
            botEnv,
            allowedUsers,
            approval);
    if (url != null) {
      return Optional.of(new RemoteServer(name, url, headers, transport, oauth, options));
    }
    return Optional.of(
        new StdioServer(name, command, args, env, sandbox, sandboxRequired, options));
  }

  private void checkUrl(String url) {
    try {
      URI uri = new URI(Placeholders.resolve(url, n -> "x"));
      if (uri.getScheme() == null
          || !uri.getScheme().matches("(?i)https?")
          || uri.getHost() == null) {
        throw new URISyntaxException(url, "not http(s)");
      }
    } catch (URISyntaxException e) {
      errors.add(where + ": \"url\" must be an http(s) URL like https://host/mcp");
    }
  }

  private Duration[] timeouts(JsonNode node) {
    Duration[] out = new Duration[TIMEOUT_KEYS.size()];
    String notObject = where + ": \"timeouts\" must be an object like {\"call_seconds\": 120}";
    if (!JsonChecks.present(node, JsonNode::isObject, notObject, errors)) {
      return out;
    }
    JsonChecks.unknownKeys(node, TIMEOUT_KEYS, where + ": timeouts", "", warnings);
    for (int i = 0; i < TIMEOUT_KEYS.size(); i++) {
      JsonNode v = node.get(TIMEOUT_KEYS.get(i));
      if (v == null || v.isNull()) {
        continue;
      }
      if (!v.isNumber() || v.doubleValue() <= 0 || v.doubleValue() > 86_400) {
        errors.add(
            where
                + ": timeouts."
                + TIMEOUT_KEYS.get(i)
                + " must be a number of seconds"
                + " between 0 and 86400");
      } else {
        out[i] = Duration.ofMillis(Math.round(v.doubleValue() * 1000));
      }
    }
    return out;
  }

  private String text(JsonNode node, String key) {
    return JsonChecks.textField(node, key, where, errors);
  }

  private List<String> stringList(JsonNode node, String key) {
    List<String> out = new ArrayList<>();
    String notArray = where + ": \"" + key + "\" must be an array of strings";
    JsonChecks.eachItem(
        node.get(key),
        notArray,
        errors,
        (item, i) -> {
          if (item.isTextual()) {
            out.add(item.textValue());
          } else if (item.isNumber() || item.isBoolean()) {
            out.add(item.asText());
          } else {
            errors.add(where + ": " + key + "[" + i + "] must be a string");
          }
        });
    return out;
  }

  private Map<String, String> stringMap(JsonNode node, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode v = node.get(key);
    String notObject = where + ": \"" + key + "\" must be an object of string values";
    if (JsonChecks.present(v, JsonNode::isObject, notObject, errors)) {
      v.properties()
          .forEach(
              e -> {
                JsonNode val = e.getValue();
                if (val.isTextual() || val.isNumber() || val.isBoolean()) {
                  out.put(e.getKey(), val.asText());
                } else {
                  errors.add(where + ": " + key + " " + e.getKey() + " must be a string");
                }
              });
    }
    return out;
  }
}
