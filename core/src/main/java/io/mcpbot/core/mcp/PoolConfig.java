package io.mcpbot.core.mcp;

import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.metrics.BotMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of a {@link SessionPool}. Immutable and thread-safe; build one with {@link
 * #builder(Path)} (which validates) or take {@link #defaults(Path)}. Per-server timeouts in
 * servers_config.json override the defaults here. No field is null.
 *
 * @param userDataRoot root of the per-user data directories ({@code <root>/<userId>}, 0700)
 * @param idleTimeout an unused session is closed after this long (default 10 min)
 * @param maxSessions global cap on live sessions; idle ones are evicted LRU first
 * @param acquireTimeout how long a caller waits for a slot under the cap before a "busy" error
 * @param killGrace time between SIGTERM and SIGKILL of a session's process tree
 * @param backoffBase first restart delay after a failure, doubled per consecutive failure
 * @param circuitThreshold consecutive failures that open the circuit
 * @param maxLineBytes longest stdout line (one JSON-RPC message) accepted from a server; a longer
 *     one is rejected at the cap without reading the rest
 * @param clock time source for idle eviction, backoff and circuits (tests inject one)
 * @param sandbox what every stdio server is started in (default {@link Sandbox#autoDetected()}:
 *     bubblewrap where it works)
 * @param authorizer supplies OAuth authorization for remote servers ({@link RemoteAuthorizer#NONE}
 *     by default)
 * @param elicitor answers elicitations that arrive while no call with its own elicitor is in flight
 *     ({@link Elicitor#CANCEL} by default: nobody can answer)
 * @param metrics where session starts and failures are counted ({@link BotMetrics#NONE} default)
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
    Clock clock,
    Sandbox sandbox,
    RemoteAuthorizer authorizer,
    Elicitor elicitor,
    BotMetrics metrics) {

  /** Default {@link #maxLineBytes()}. */
  public static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

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
      throw new IllegalArgumentException("maxLineBytes must be at least 1024, got " + maxLineBytes);
    }
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sandbox, "sandbox");
    Objects.requireNonNull(authorizer, "authorizer");
    Objects.requireNonNull(elicitor, "elicitor");
  }

  /** Sane production defaults under {@code userDataRoot}. */
  public static PoolConfig defaults(Path userDataRoot) {
    return builder(userDataRoot).build();
  }

  /** A builder starting from the production defaults. */
  public static Builder builder(Path userDataRoot) {
    return new Builder(userDataRoot);
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    return new Builder(userDataRoot)
        .timeouts(initTimeout, listTimeout, callTimeout)
        .caps(maxSessions, maxSessionsPerUser, acquireTimeout)
        .idle(idleTimeout, clock)
        .failurePolicy(backoffBase, backoffMax, circuitThreshold, circuitOpenFor, killGrace)
        .maxLineBytes(maxLineBytes)
        .sandbox(sandbox)
        .authorizer(authorizer)
        .elicitor(elicitor)
        .metrics(metrics);
  }

  /** Collects the values, validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final Path root;
    private Duration init = Duration.ofSeconds(30);
    private Duration list = Duration.ofSeconds(15);
    private Duration call = Duration.ofSeconds(60);
    private Duration idle = Duration.ofMinutes(10);
    private int max = 100;
    private int perUser = 10;
    private Duration acquire = Duration.ofSeconds(10);
    private Duration grace = Duration.ofSeconds(2);
    private Duration backoffBase = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofMinutes(1);
    private int threshold = 5;
    private Duration openFor = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();
    private int lineCap = MAX_LINE_BYTES;
    private BotMetrics metrics = BotMetrics.NONE;
    private Sandbox sandbox; // null: Sandbox.autoDetected() at build
    private RemoteAuthorizer authorizer = RemoteAuthorizer.NONE;
    private Elicitor elicitor = Elicitor.CANCEL;

    private Builder(Path root) {
      this.root = root;
    }

    /** Default initialize, tools/list and tools/call timeouts. */
    public Builder timeouts(Duration initTimeout, Duration listTimeout, Duration callTimeout) {
      this.init = initTimeout;
      this.list = listTimeout;
      this.call = callTimeout;
      return this;
    }

    /** Global and per-user session caps, and how long a caller waits for a slot. */
    public Builder caps(int maxSessions, int maxSessionsPerUser, Duration acquireTimeout) {
      this.max = maxSessions;
      this.perUser = maxSessionsPerUser;
      this.acquire = acquireTimeout;
      return this;
    }

    /** Idle timeout and the clock it (and backoff, circuits) is measured on. */
    public Builder idle(Duration idleTimeout, Clock idleClock) {
      this.idle = idleTimeout;
      this.clock = idleClock;
      return this;
    }

    /** Restart backoff, circuit breaker and the SIGTERM-to-SIGKILL grace. */
    public Builder failurePolicy(
        Duration base, Duration maxBackoff, int circuitThreshold, Duration openFor, Duration kill) {
      this.backoffBase = base;
      this.backoffMax = maxBackoff;
      this.threshold = circuitThreshold;
      this.openFor = openFor;
      this.grace = kill;
      return this;
    }

    /** Longest stdout line accepted from a server (default {@link #MAX_LINE_BYTES}). */
    public Builder maxLineBytes(int value) {
      lineCap = value;
      return this;
    }

    /** The sandbox every stdio server starts in ({@link Sandbox#off()} for none). */
    public Builder sandbox(Sandbox value) {
      sandbox = Objects.requireNonNull(value, "sandbox");
      return this;
    }

    /** Who authorizes requests to remote servers (OAuth); {@link RemoteAuthorizer#NONE} default. */
    public Builder authorizer(RemoteAuthorizer value) {
      authorizer = Objects.requireNonNull(value, "authorizer");
      return this;
    }

    /** Who answers elicitations outside a call with its own elicitor; {@link Elicitor#CANCEL}. */
    public Builder elicitor(Elicitor value) {
      elicitor = Objects.requireNonNull(value, "elicitor");
      return this;
    }

    /** Where session starts and failures are counted; {@link BotMetrics#NONE} by default. */
    public Builder metrics(BotMetrics value) {
      metrics = Objects.requireNonNull(value, "metrics");
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException if a duration is negative or a cap below 1
     */
    public PoolConfig build() {
      return new PoolConfig(
          root,
          init,
          list,
          call,
          idle,
          max,
          perUser,
          acquire,
          grace,
          backoffBase,
          backoffMax,
          threshold,
          openFor,
          lineCap,
          clock,
          sandbox != null ? sandbox : Sandbox.autoDetected(),
          authorizer,
          elicitor,
          metrics);
    }
  }
}
