package io.mcpbot.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses one server's {@code required_credentials}, adding each problem (naming the server, the
 * credential and the fix) to the shared lists. Not thread-safe; one instance per server.
 */
final class CredentialParser {
  static final Set<String> CREDENTIAL_TYPES =
      Set.of("api_key", "oauth_token", "username", "password", "url", "database", "generic");
  private static final List<String> CREDENTIAL_KEYS =
      List.of("type", "name", "description", "env_var", "required", "validation_regex");

  private final String where;
  private final List<String> errors;
  private final List<String> warnings;
  private final Map<String, String> declared;

  /**
   * @param declared receives env_var -> credential name for every well-formed env_var, even of
   *     otherwise invalid entries, so unused-variable checks still run
   */
  CredentialParser(
      String where, List<String> errors, List<String> warnings, Map<String, String> declared) {
    this.where = where;
    this.errors = errors;
    this.warnings = warnings;
    this.declared = declared;
  }

  List<CredentialSpec> parse(JsonNode node) {
    List<CredentialSpec> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      errors.add(where + ": \"required_credentials\" must be an array of objects");
      return out;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode c = node.get(i);
      String index = where + ": required_credentials[" + i + "]";
      if (!c.isObject()) {
        errors.add(index + " must be an object with type, name, env_var");
        continue;
      }
      c.properties().stream()
          .map(Map.Entry::getKey)
          .forEach(
              k -> {
                if (!CREDENTIAL_KEYS.contains(k)) {
                  warnings.add(
                      index
                          + ": unknown key \""
                          + k
                          + "\" is ignored (known keys: "
                          + CREDENTIAL_KEYS
                          + ")");
                }
              });
      String credName = ServerParser.textField(c, "name", index, errors);
      String at = credName == null ? index : where + ": credential '" + credName + "'";
      String type = ServerParser.textField(c, "type", at, errors);
      String envVar = ServerParser.textField(c, "env_var", at, errors);
      String description = ServerParser.textField(c, "description", at, errors);
      String regex = ServerParser.textField(c, "validation_regex", at, errors);
      boolean required = true;
      JsonNode req = c.get("required");
      if (req != null && !req.isNull()) {
        if (req.isBoolean()) {
          required = req.booleanValue();
        } else {
          errors.add(at + ": \"required\" must be true or false");
        }
      }
      boolean ok = true;
      if (credName == null || credName.isBlank()) {
        errors.add(at + ": missing \"name\"; add a short identifier like \"github_token\"");
        ok = false;
      } else if (!names.add(credName)) {
        errors.add(at + ": duplicate credential name; each name must be unique within a server");
        ok = false;
      }
      if (type == null) {
        errors.add(at + ": missing \"type\"; use one of " + sortedTypes());
        ok = false;
      } else if (!CREDENTIAL_TYPES.contains(type)) {
        errors.add(at + ": unknown type \"" + type + "\"; use one of " + sortedTypes());
        ok = false;
      }
      if (envVar == null) {
        errors.add(
            at
                + ": missing \"env_var\"; name the variable the value fills, e.g."
                + " \"GITHUB_TOKEN\"");
        ok = false;
      } else if (!ServerParser.ENV_NAME.matcher(envVar).matches()) {
        errors.add(at + ": env_var \"" + envVar + "\" must match [A-Z_][A-Z0-9_]* (upper case)");
        ok = false;
      } else if (declared.putIfAbsent(envVar, credName == null ? "#" + i : credName) != null) {
        errors.add(
            at
                + ": env_var "
                + envVar
                + " is already used by another credential of this"
                + " server; give each credential its own variable");
        ok = false;
      }
      Pattern pattern = null;
      if (regex != null) {
        try {
          pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          errors.add(
              at
                  + ": invalid validation_regex ("
                  + e.getDescription()
                  + " near index "
                  + e.getIndex()
                  + "); fix the pattern (remember JSON needs \\\\ for a backslash)");
          ok = false;
        }
      }
      if (ok) {
        out.add(new CredentialSpec(type, credName, description, envVar, required, pattern));
      }
    }
    return out;
  }

  private static String sortedTypes() {
    return String.join(", ", CREDENTIAL_TYPES.stream().sorted().toList());
  }
}
