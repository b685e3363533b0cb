package io.mcpbot.core.mcp;

import io.mcpbot.core.mcp.internal.Session;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Bookkeeping of one (user, server) pair. Every field is guarded by the pool's lock. */
final class Slot {
  final String userId;
  final String server;
  Session session;
  CompletableFuture<Void> starting;
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
}
