package io.mcpbot.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a server's access keys: {@code bot_env} (bot variables it may receive), {@code
 * allowed_users} (Slack user IDs) and {@code sandbox.required}. Each problem names the server, the
 * key and the fix. Not thread-safe; one instance per server entry.
 */
record ServerAccess(String where, List<String> errors, List<String> warnings) {

  /** The {@code bot_env} names; a bot secret or a credential's env_var is an error. */
  List<String> botEnv(JsonNode node, Set<String> credentialVars) {
    List<String> out = new ArrayList<>();
    for (String n : strings(node, "bot_env", "[\"HTTPS_PROXY\"]")) {
      boolean usable =
          botVariable(
              "bot_env",
              n,
              n,
              credentialVars,
              "",
              "servers never receive the bot's secrets: remove it and declare a"
                  + " required_credentials entry so each user supplies their own",
              "remove it from one of the two");
      if (usable && !out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /**
   * True when {@code v} may name a bot variable handed to a server: a variable name, neither a bot
   * secret nor one of {@code credentialVars}. Otherwise adds an error about {@code key} quoting the
   * name as {@code shown}; the three fixes end the three messages.
   */
  boolean botVariable(
      String key,
      String v,
      String shown,
      Set<String> credentialVars,
      String nameFix,
      String secretFix,
      String credentialFix) {
    String names = where + ": " + key + " names " + v;
    if (!ServerParser.ENV_NAME.matcher(v).matches()) {
      errors.add(
          where
              + ": "
              + key
              + " \""
              + shown
              + "\" is not a variable name; use [A-Z_][A-Z0-9_]*"
              + nameFix);
    } else if (Settings.isBotSecret(v)) {
      errors.add(names + ", a secret of the bot itself; " + secretFix);
    } else if (credentialVars.contains(v)) {
      errors.add(names + ", which is also a credential's env_var; " + credentialFix);
    } else {
      return true;
    }
    return false;
  }

  /** The {@code allowed_users} list, or null when the key is absent (everyone may use it). */
  List<String> allowedUsers(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String u : strings(node, "allowed_users", "[\"U012ABC\"]")) {
      if (!SlackSettings.USER_ID.matcher(u).matches()) {
        errors.add(
            where
                + ": allowed_users \""
                + u.replaceAll("[^ -~]", "?")
                + "\" is not a Slack user ID; write IDs like U012ABC (profile > Copy member ID)");
      } else if (!out.contains(u)) {
        out.add(u);
      }
    }
    if (node.isArray() && node.isEmpty()) {
      errors.add(
          where
              + ": allowed_users is empty, so nobody could use the server; list Slack user IDs"
              + " or remove the key to offer it to everyone");
    }
    return out;
  }

  /** {@code sandbox.required} (default false); a non-boolean is an error. */
  boolean sandboxRequired(JsonNode sandbox) {
    JsonNode r = sandbox == null || !sandbox.isObject() ? null : sandbox.get("required");
    if (r == null || r.isNull()) {
      return false;
    }
    if (!r.isBoolean()) {
      errors.add(where + ": sandbox.required must be true or false");
      return false;
    }
    return r.booleanValue();
  }

  /** The sandbox object without {@code required}, for {@code SandboxPolicy.parse}. */
  static JsonNode withoutRequired(JsonNode sandbox) {
    if (sandbox == null || !sandbox.isObject() || !sandbox.has("required")) {
      return sandbox;
    }
    ObjectNode copy = ((ObjectNode) sandbox).deepCopy();
    copy.remove("required");
    return copy;
  }

  private List<String> strings(JsonNode node, String key, String example) {
    List<String> out = new ArrayList<>();
    String notArray = where + ": \"" + key + "\" must be a list of strings, e.g. " + example;
    JsonChecks.eachItem(
        node,
        notArray,
        errors,
        (item, i) -> {
          if (item.isTextual()) {
            out.add(item.textValue());
          } else {
            errors.add(where + ": " + key + "[" + i + "] must be a string, e.g. " + example);
          }
        });
    return out;
  }
}
