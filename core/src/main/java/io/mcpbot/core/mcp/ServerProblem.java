package io.mcpbot.core.mcp;

import java.util.Objects;

/**
 * Why one of a user's servers is not in their tool catalog (missing credential, start failure, open
 * circuit, an account to connect), worded for the user. Immutable.
 *
 * @param server the server's name
 * @param reason the user-facing explanation
 * @param authorization why the user must connect or reconnect the server's account (an {@link
 *     AuthorizationRequiredException}: offer Connect), or null for any other problem
 */
public record ServerProblem(
    String server, String reason, AuthorizationRequiredException.Reason authorization) {
  public ServerProblem {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(reason, "reason");
  }

  /** A problem that no connecting of an account fixes. */
  public ServerProblem(String server, String reason) {
    this(server, reason, null);
  }
}
