package io.mcpbot.core.cluster;

import java.util.Objects;
import java.util.UUID;

/**
 * The name of one running bot process among the replicas on one database: stamped on every change
 * it publishes (so it skips its own) and on the leases it holds. Immutable.
 *
 * @param value non-blank, at most 128 characters
 */
public record ReplicaId(String value) {
  /** This process's id unless a caller chooses another (tests running two stacks in one JVM). */
  public static final ReplicaId PROCESS = random();

  public ReplicaId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank() || value.length() > 128) {
      throw new IllegalArgumentException("replica id must be 1-128 characters");
    }
  }

  /** A fresh id: the host name (when known) plus a random suffix. */
  public static ReplicaId random() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "replica";
    }
    String safe = host.length() > 80 ? host.substring(0, 80) : host;
    return new ReplicaId(safe + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Override
  public String toString() {
    return value;
  }
}
