package io.mcpbot.core.mcp;

import java.time.Instant;

/**
 * State of one user's server as the App Home shows it. Immutable. {@code lastStderr} has the user's
 * credential values masked and may be empty.
 */
public sealed interface ServerStatus {

  /** No process yet (or it was evicted/invalidated); the next use starts one. */
  record NotStarted() implements ServerStatus {}

  /** A live session; {@code pid} is -1 for HTTP servers. */
  record Running(long pid, int toolCount, Instant lastUsed, boolean busy) implements ServerStatus {}

  /** Last start or session failed; the next attempt is allowed at {@code retryAt}. */
  record Failing(String reason, String lastStderr, Instant retryAt, int consecutiveFailures)
      implements ServerStatus {}

  /** Too many consecutive failures; no attempt before {@code until}. */
  record CircuitOpen(String reason, String lastStderr, Instant until) implements ServerStatus {}
}
