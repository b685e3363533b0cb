package io.mcpbot.core.mcp;

import io.mcpbot.core.config.CredentialSpec;

/**
 * A required credential of a server is missing for a user, so the server was not started. Carries
 * the credential (its name and env var) so the bot can ask for exactly that; the message names the
 * server. Immutable, thread-safe.
 */
public final class MissingCredentialException extends McpException {
  private final CredentialSpec credential;

  public MissingCredentialException(String server, CredentialSpec credential) {
    super(
        "server '"
            + server
            + "' needs the credential '"
            + credential.name()
            + "' ("
            + credential.envVar()
            + "); add it in the App Home before using this server");
    this.credential = credential;
  }

  /** The missing credential as servers_config.json declares it. */
  public CredentialSpec credential() {
    return credential;
  }
}
