package io.mcpbot.core.config;

/**
 * The one wording for a {@code ${VAR}} a server may not use, shared by config loading, sync-servers
 * and the resolver at spawn time. Stateless.
 */
public final class PlaceholderRules {
  private PlaceholderRules() {}

  /** Names server, variable and both fixes. */
  public static String notAllowed(String server, String var) {
    return "server '" + server + "' " + references(var);
  }

  /** "references ${VAR}, which is neither ...; fix". */
  static String references(String var) {
    return "references ${"
        + var
        + "}, which is neither a credential of the user nor listed in its bot_env; declare it"
        + " under required_credentials (each user supplies their own) or add \"bot_env\": [\""
        + var
        + "\"] to hand it the bot's value";
  }
}
