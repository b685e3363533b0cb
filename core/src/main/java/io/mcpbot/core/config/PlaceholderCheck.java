package io.mcpbot.core.config;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every placeholder of one server entry: well formed, only {@code ${user_id}}, {@code
 * ${user_dir}}, the server's credentials and its {@code bot_env} variables, every declared
 * credential used somewhere, and no credential in {@code args} (a warning). Each problem names the
 * server, the place and the fix. Not thread-safe; one instance per server entry.
 */
record PlaceholderCheck(
    String where, List<String> errors, List<String> warnings, Map<String, String> declared) {

  /** Why {@code ref} may not be used in {@code place}, or empty. */
  private Optional<String> problem(String place, String ref, List<String> botEnv) {
    if (ref.equals(Placeholders.USER_ID)
        || ref.equals(Placeholders.USER_DIR)
        || declared.containsKey(ref)
        || botEnv.contains(ref)) {
      return Optional.empty();
    }
    if (Settings.isBotSecret(ref)) {
      return Optional.of(
          where
              + ": "
              + place
              + " uses ${"
              + ref
              + "}, a bot secret; servers never receive the bot's secrets: declare it in"
              + " required_credentials so each user supplies their own, or use another variable");
    }
    return Optional.of(where + ": " + place + " " + PlaceholderRules.references(ref));
  }

  void check(
      String url,
      List<String> args,
      Map<String, String> env,
      Map<String, String> headers,
      List<String> botEnv) {
    Map<String, String> places = new LinkedHashMap<>();
    if (url != null) {
      places.put("url", url);
    }
    for (int i = 0; i < args.size(); i++) {
      places.put("args[" + i + "]", args.get(i));
    }
    env.forEach((k, v) -> places.put("env " + k, v));
    headers.forEach((k, v) -> places.put("header " + k, v));
    Set<String> used = new HashSet<>(env.keySet());
    places.forEach(
        (place, value) -> {
          Placeholders.firstMalformed(value)
              .ifPresent(
                  bad ->
                      errors.add(
                          where
                              + ": "
                              + place
                              + " has a malformed placeholder \""
                              + bad
                              + "\"; write ${user_id} or ${VAR} with VAR in [A-Z_][A-Z0-9_]*"));
          for (String ref : Placeholders.names(value)) {
            used.add(ref);
            problem(place, ref, botEnv).ifPresent(errors::add);
          }
          if (place.startsWith("args[")
              && Placeholders.names(value).stream().anyMatch(declared::containsKey)) {
            warnings.add(
                where
                    + ": "
                    + place
                    + " puts a credential on the command line, where any local user sees it"
                    + " (ps, /proc); pass it in \"env\" instead if the server reads it there");
          }
        });
    for (Map.Entry<String, String> c : declared.entrySet()) {
      String envVar = c.getKey();
      if (!used.contains(envVar)) {
        errors.add(
            where
                + ": credential '"
                + c.getValue()
                + "' fills env_var "
                + envVar
                + " but nothing uses it: add \"env\": {\""
                + envVar
                + "\": \"${"
                + envVar
                + "}\"} or reference ${"
                + envVar
                + "} in args or headers");
      }
    }
  }
}
