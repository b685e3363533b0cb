package io.mcpbot.core.mcp;

import io.mcpbot.core.mcp.internal.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Bookkeeping of one (user, server) pair. Every field is guarded by the pool's lock. */
final class Slot {
  final String userId;
  final String server;
  Session session;
  CompletableFuture<Void> starting;
  Thread starter; // the thread starting it while starting is set: the pool's close interrupts it
  int inUse;
  boolean broken;
  boolean staleStart; // invalidated while starting: the new session serves once, then closes
  Instant lastUsed = Instant.EPOCH;
  int failures;
  Instant retryAt = Instant.EPOCH;
  Instant circuitUntil = Instant.EPOCH;
  String lastReason = "";
  String lastStderr = "";

  Slot(String userId, String server) {
    this.userId = userId;
    this.server = server;
  }

  /**
   * Counts a failure, schedules the retry (exponential backoff), opens the circuit at the
   * threshold.
   */
  void recordFailure(PoolConfig config, String reason, String stderr) {
    Instant now = config.clock().instant();
    failures++;
    lastReason = reason;
    lastStderr = stderr == null ? "" : stderr;
    Duration delay = config.backoffBase().multipliedBy(1L << Math.min(20, failures - 1));
    if (delay.compareTo(config.backoffMax()) > 0) {
      delay = config.backoffMax();
    }
    retryAt = now.plus(delay);
    if (failures >= config.circuitThreshold()) {
      circuitUntil = now.plus(config.circuitOpenFor());
      failures = 0;
    }
  }

  /** A fresh start is allowed at once (credential changed, server re-enabled). */
  void resetFailures() {
    failures = 0;
    retryAt = Instant.EPOCH;
    circuitUntil = Instant.EPOCH;
    lastReason = "";
    lastStderr = "";
  }

  /** Why a start must not be tried now (circuit open, backoff pending), or null. */
  McpException refusal(Instant now) {
    if (circuitUntil.isAfter(now)) {
      return new McpException(
          "server '"
              + server
              + "' is switched off until "
              + circuitUntil
              + " after repeated failures: "
              + lastReason);
    }
    if (retryAt.isAfter(now)) {
      return new McpException(
          "server '"
              + server
              + "' failed and will be retried after "
              + retryAt
              + ": "
              + lastReason);
    }
    return null;
  }

  ServerStatus status(Instant now) {
    if (circuitUntil.isAfter(now)) {
      return new ServerStatus.CircuitOpen(lastReason, lastStderr, circuitUntil);
    }
    if (session != null && !session.isDead()) {
      return new ServerStatus.Running(session.pid(), session.tools().size(), lastUsed, inUse > 0);
    }
    if (failures > 0) {
      return new ServerStatus.Failing(lastReason, lastStderr, retryAt, failures);
    }
    return new ServerStatus.NotStarted();
  }
}
