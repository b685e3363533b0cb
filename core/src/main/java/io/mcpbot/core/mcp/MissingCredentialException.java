package io.mcpbot.core.mcp;

/**
 * A required credential of a server is missing for a user, so the server was not started. Carries
 * the server, the credential's name and its env var so the bot can ask for exactly that. Immutable,
 * thread-safe.
 */
public final class MissingCredentialException extends McpException {
  private final String server;
  private final String credentialName;
  private final String envVar;

  public MissingCredentialException(String server, String credentialName, String envVar) {
    super(
        "server '"
            + server
            + "' needs the credential '"
            + credentialName
            + "' ("
            + envVar
            + "); add it in the App Home before using this server");
    this.server = server;
    this.credentialName = credentialName;
    this.envVar = envVar;
  }

  public String server() {
    return server;
  }

  public String credentialName() {
    return credentialName;
  }

  public String envVar() {
    return envVar;
  }
}
