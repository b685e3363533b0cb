package io.mcpbot.core.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How transient failures (429, 5xx, 529, connection errors) are retried: at most {@code
 * maxAttempts} attempts, exponential backoff from {@code initialBackoff} doubling up to {@code
 * maxBackoff} with jitter, a provider's Retry-After honoured up to {@code maxRetryAfter}, and no
 * wait that would end past {@code maxTotal} after the first attempt started. Immutable.
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    Duration maxTotal) {

  /** 5 attempts, 1 s doubling to 20 s, Retry-After up to 30 s, 60 s in all. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          5,
          Duration.ofSeconds(1),
          Duration.ofSeconds(20),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60));

  /** One attempt, no retries. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    for (Duration d : new Duration[] {initialBackoff, maxBackoff, maxRetryAfter, maxTotal}) {
      if (Objects.requireNonNull(d, "durations must not be null").isNegative()) {
        throw new IllegalArgumentException("retry durations must not be negative");
      }
    }
  }

  /** The same policy with another total budget. */
  public RetryPolicy withMaxTotal(Duration total) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, total);
  }
}
