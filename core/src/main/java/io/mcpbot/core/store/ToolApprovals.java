package io.mcpbot.core.store;

import java.time.Instant;

/**
 * The tools each user chose to "always allow" (tool_approvals), each remembered with a hash of the
 * tool's definition so a changed tool asks again. Obtain from {@link Store#toolApprovals()};
 * thread-safe there. No argument may be null.
 */
public interface ToolApprovals {

  /** Whether the user always allows this tool with exactly this definition. */
  boolean allowed(long userId, String server, String tool, String definitionHash);

  /** Remembers "always allow" for this definition, replacing an earlier one of the same tool. */
  void allowAlways(long userId, String server, String tool, String definitionHash, Instant at);

  /** Forgets every "always allow" of the user for {@code server}; returns how many. */
  int forgetServer(long userId, String server);
}
