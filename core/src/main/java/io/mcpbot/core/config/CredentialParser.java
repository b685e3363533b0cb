package io.mcpbot.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses one server's {@code required_credentials}, adding each problem (naming the server, the
 * credential and the fix) to the shared lists. Not thread-safe; one instance per server.
 *
 * @param declared receives env_var -> credential name for every well-formed env_var, even of
 *     otherwise invalid entries, so unused-variable checks still run
 */
record CredentialParser(
    String where, List<String> errors, List<String> warnings, Map<String, String> declared) {
  static final Set<String> CREDENTIAL_TYPES =
      Set.of("api_key", "oauth_token", "username", "password", "url", "database", "generic");
  private static final List<String> CREDENTIAL_KEYS =
      List.of("type", "name", "description", "env_var", "required", "validation_regex");

  List<CredentialSpec> parse(JsonNode node) {
    List<CredentialSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String notArray = where + ": \"required_credentials\" must be an array of objects";
    JsonChecks.eachItem(node, notArray, errors, (c, i) -> one(c, i, names).ifPresent(out::add));
    return out;
  }

  /** Entry {@code i}, or empty when it has errors; {@code names} collects the names seen. */
  private Optional<CredentialSpec> one(JsonNode c, int i, Set<String> names) {
    String index = where + ": required_credentials[" + i + "]";
    if (!c.isObject()) {
      errors.add(index + " must be an object with type, name, env_var");
      return Optional.empty();
    }
    JsonChecks.unknownKeys(c, CREDENTIAL_KEYS, index, "", warnings);
    String credName = JsonChecks.textField(c, "name", index, errors);
    String at = credName == null ? index : where + ": credential '" + credName + "'";
    String type = JsonChecks.textField(c, "type", at, errors);
    String envVar = JsonChecks.textField(c, "env_var", at, errors);
    String description = JsonChecks.textField(c, "description", at, errors);
    String regex = JsonChecks.textField(c, "validation_regex", at, errors);
    JsonNode req = c.get("required");
    String notBoolean = at + ": \"required\" must be true or false";
    boolean required =
        !JsonChecks.present(req, JsonNode::isBoolean, notBoolean, errors) || req.booleanValue();
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
    return ok
        ? Optional.of(new CredentialSpec(type, credName, description, envVar, required, pattern))
        : Optional.empty();
  }

  private static String sortedTypes() {
    return String.join(", ", CREDENTIAL_TYPES.stream().sorted().toList());
  }
}
