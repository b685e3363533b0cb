package io.mcpbot.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The database capability: DATABASE_URL (a secret, it may hold a password; empty means the embedded
 * H2 database), SQL_ECHO and LEASE_TTL (how replicas sharing the database hand users over).
 * Immutable; prints the URL as {@code <masked>}.
 *
 * @param url DATABASE_URL if set
 * @param sqlEcho SQL_ECHO, default false
 * @param leaseTtlSeconds LEASE_TTL (whole seconds, >= 1) if set
 */
public record DatabaseSettings(Optional<Secret> url, boolean sqlEcho, OptionalInt leaseTtlSeconds) {
  /** How long a user's lease outlives its holder's last heartbeat when LEASE_TTL is unset. */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);

  public DatabaseSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(leaseTtlSeconds, "leaseTtlSeconds");
  }

  /** LEASE_TTL as a duration, {@link #DEFAULT_LEASE_TTL} when unset. */
  public Duration leaseTtl() {
    return leaseTtlSeconds.isPresent()
        ? Duration.ofSeconds(leaseTtlSeconds.getAsInt())
        : DEFAULT_LEASE_TTL;
  }
}
