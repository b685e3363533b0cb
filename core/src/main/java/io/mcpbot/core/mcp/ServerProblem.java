package io.mcpbot.core.mcp;

import java.util.Objects;

/**
 * Why one of a user's servers is not in their tool catalog (missing credential, start failure, open
 * circuit), worded for the user. Immutable.
 */
public record ServerProblem(String server, String reason) {
  public ServerProblem {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(reason, "reason");
  }
}
