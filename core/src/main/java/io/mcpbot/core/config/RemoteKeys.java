package io.mcpbot.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses a remote server's own keys: {@code transport} ({@code "streamable-http"} or {@code "sse"};
 * absent: probe) and {@code oauth} (a pre-registered client: {@code client_id}, the bot variable
 * {@code client_secret_env} holding its secret, {@code scopes}). Each problem names the server, the
 * key and the fix. Not thread-safe; one instance per server entry.
 */
record RemoteKeys(String where, List<String> errors, List<String> warnings) {
  private static final List<String> OAUTH_KEYS =
      List.of("client_id", "client_secret_env", "scopes");

  /** The configured transport name, as servers_config.json spells it. */
  static String name(RemoteTransport t) {
    return switch (t) {
      case AUTO -> null;
      case STREAMABLE_HTTP -> "streamable-http";
      case SSE -> "sse";
    };
  }

  /** {@code transport}; absent or null means {@link RemoteTransport#AUTO}. */
  RemoteTransport transport(JsonNode node) {
    String v = JsonChecks.textField(node, "transport", where, errors);
    if (v == null) {
      return RemoteTransport.AUTO;
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "streamable-http" -> RemoteTransport.STREAMABLE_HTTP;
      case "sse" -> RemoteTransport.SSE;
      default -> {
        errors.add(
            where
                + ": \"transport\" is \""
                + v.replaceAll("[^ -~]", "?")
                + "\"; use \"streamable-http\" or \"sse\", or remove it to let the bot probe"
                + " (streamable HTTP first, then HTTP+SSE)");
        yield RemoteTransport.AUTO;
      }
    };
  }

  /**
   * {@code oauth}, or null when absent. The secret is never in the file: {@code client_secret} is
   * an error, {@code client_secret_env} must name a bot variable that is neither a bot secret nor
   * one of the server's credential variables ({@code credentialVars}).
   */
  OAuthClient oauth(JsonNode node, Set<String> credentialVars) {
    JsonNode o = node.get("oauth");
    if (o == null || o.isNull()) {
      return null;
    }
    if (!o.isObject()) {
      errors.add(
          where
              + ": \"oauth\" must be an object like {\"client_id\": \"...\","
              + " \"client_secret_env\": \"MY_CLIENT_SECRET\", \"scopes\": [\"read\"]}");
      return null;
    }
    int before = errors.size();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      String k = e.getKey();
      if (k.equals("client_secret")) {
        errors.add(
            where
                + ": oauth.client_secret would put a secret in servers_config.json; set it in a"
                + " bot environment variable and name that variable in \"client_secret_env\"");
      } else if (!OAUTH_KEYS.contains(k)) {
        warnings.add(
            where
                + ": oauth: unknown key \""
                + k
                + "\" is ignored (known keys: "
                + OAUTH_KEYS
                + ")");
      }
    }
    String at = where + ": oauth";
    String clientId = JsonChecks.textField(o, "client_id", at, errors);
    if (clientId == null || clientId.isBlank()) {
      errors.add(
          where
              + ": oauth.client_id is missing; give the client id the operator registered with"
              + " the server's authorization server, or remove \"oauth\" to let the bot register"
              + " itself");
    }
    String secretVar = JsonChecks.textField(o, "client_secret_env", at, errors);
    if (secretVar != null) {
      new ServerAccess(where, errors, warnings)
          .botVariable(
              "oauth.client_secret_env",
              secretVar,
              secretVar.replaceAll("[^ -~]", "?"),
              credentialVars,
              ", e.g. \"GITHUB_CLIENT_SECRET\"",
              "put the client secret in a variable of its own",
              "the client secret is the bot's, not a user's: use another variable");
    }
    List<String> scopes = scopes(o.get("scopes"));
    return errors.size() > before ? null : new OAuthClient(clientId, secretVar, scopes);
  }

  private List<String> scopes(JsonNode s) {
    List<String> out = new ArrayList<>();
    String notArray =
        where + ": oauth.scopes must be a list of strings, e.g. [\"read\", \"write\"]";
    JsonChecks.eachItem(
        s,
        notArray,
        errors,
        (v, i) -> {
          if (!v.isTextual() || v.textValue().isBlank() || v.textValue().contains(" ")) {
            errors.add(where + ": oauth.scopes[" + i + "] must be one scope name without spaces");
          } else if (!out.contains(v.textValue())) {
            out.add(v.textValue());
          }
        });
    return out;
  }
}
