package io.mcpbot.core.mcp;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of a {@link SessionPool}. Immutable; build with {@link #defaults(Path)} and
 * the {@code with*} methods. Per-server {@code initTimeout}/{@code callTimeout} in
 * servers_config.json override the defaults here.
 *
 * @param userDataRoot root of the per-user data directories ({@code <root>/<userId>}, 0700)
 * @param idleTimeout an unused session is closed after this long (default 10 min)
 * @param maxSessions global cap on live sessions; idle ones are evicted LRU first
 * @param acquireTimeout how long a caller waits for a slot under the cap before a "busy" error
 * @param killGrace time between SIGTERM and SIGKILL of a session's process tree
 * @param backoffBase first restart delay after a failure, doubled per consecutive failure
 * @param circuitThreshold consecutive failures that open the circuit
 * @param maxLineBytes longest stdout line (one JSON-RPC message) accepted from a server
 * @param clock time source for idle eviction, backoff and circuits (tests inject one)
 */
public record PoolConfig(
    Path userDataRoot,
    Duration initTimeout,
    Duration listTimeout,
    Duration callTimeout,
    Duration idleTimeout,
    int maxSessions,
    int maxSessionsPerUser,
    Duration acquireTimeout,
    Duration killGrace,
    Duration backoffBase,
    Duration backoffMax,
    int circuitThreshold,
    Duration circuitOpenFor,
    int maxLineBytes,
    Clock clock) {

  public PoolConfig {
    Objects.requireNonNull(userDataRoot, "userDataRoot");
    userDataRoot = userDataRoot.toAbsolutePath().normalize();
    for (Duration d :
        new Duration[] {
          initTimeout,
          listTimeout,
          callTimeout,
          idleTimeout,
          acquireTimeout,
          killGrace,
          backoffBase,
          backoffMax,
          circuitOpenFor
        }) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("pool durations must be set and >= 0");
      }
    }
    if (maxSessions < 1 || maxSessionsPerUser < 1 || circuitThreshold < 1) {
      throw new IllegalArgumentException("maxSessions, maxSessionsPerUser, circuitThreshold >= 1");
    }
    if (maxLineBytes < 1024) {
      throw new IllegalArgumentException("maxLineBytes must be >= 1024");
    }
    Objects.requireNonNull(clock, "clock");
  }

  /** Sane production defaults under {@code userDataRoot}. */
  public static PoolConfig defaults(Path userDataRoot) {
    return new PoolConfig(
        userDataRoot,
        Duration.ofSeconds(30),
        Duration.ofSeconds(15),
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        100,
        10,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        5,
        Duration.ofMinutes(5),
        8 * 1024 * 1024,
        Clock.systemUTC());
  }

  public PoolConfig withTimeouts(Duration init, Duration list, Duration call) {
    return new PoolConfig(
        userDataRoot,
        init,
        list,
        call,
        idleTimeout,
        maxSessions,
        maxSessionsPerUser,
        acquireTimeout,
        killGrace,
        backoffBase,
        backoffMax,
        circuitThreshold,
        circuitOpenFor,
        maxLineBytes,
        clock);
  }

  public PoolConfig withCaps(int max, int perUser, Duration acquire) {
    return new PoolConfig(
        userDataRoot,
        initTimeout,
        listTimeout,
        callTimeout,
        idleTimeout,
        max,
        perUser,
        acquire,
        killGrace,
        backoffBase,
        backoffMax,
        circuitThreshold,
        circuitOpenFor,
        maxLineBytes,
        clock);
  }

  public PoolConfig withIdle(Duration idle, Clock newClock) {
    return new PoolConfig(
        userDataRoot,
        initTimeout,
        listTimeout,
        callTimeout,
        idle,
        maxSessions,
        maxSessionsPerUser,
        acquireTimeout,
        killGrace,
        backoffBase,
        backoffMax,
        circuitThreshold,
        circuitOpenFor,
        maxLineBytes,
        newClock);
  }

  public PoolConfig withFailurePolicy(
      Duration base, Duration max, int threshold, Duration openFor, Duration grace) {
    return new PoolConfig(
        userDataRoot,
        initTimeout,
        listTimeout,
        callTimeout,
        idleTimeout,
        maxSessions,
        maxSessionsPerUser,
        acquireTimeout,
        grace,
        base,
        max,
        threshold,
        openFor,
        maxLineBytes,
        clock);
  }

  public PoolConfig withMaxLineBytes(int bytes) {
    return new PoolConfig(
        userDataRoot,
        initTimeout,
        listTimeout,
        callTimeout,
        idleTimeout,
        maxSessions,
        maxSessionsPerUser,
        acquireTimeout,
        killGrace,
        backoffBase,
        backoffMax,
        circuitThreshold,
        circuitOpenFor,
        bytes,
        clock);
  }
}
