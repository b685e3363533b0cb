package io.mcpbot.core.llm.internal;

import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.llm.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs attempts of one provider call until one succeeds, one fails for good, or the config's {@link
 * RetryPolicy} (attempts, backoff, Retry-After, total budget) says stop. Thread-safe: holds only
 * immutable state.
 */
record RetryLoop(LlmConfig config, Sleeper sleeper, Clock clock, ErrorMapper errors) {
  private static final Logger log = LoggerFactory.getLogger(RetryLoop.class);

  /** How one attempt ended. */
  sealed interface Attempt<T> {}

  record Success<T>(T value) implements Attempt<T> {}

  /** The error to throw, whether another attempt may help, and how long the provider asked. */
  record Failure<T>(LlmException error, boolean retryable, Duration retryAfter)
      implements Attempt<T> {}

  /** Runs {@code attempter} (given the attempt number, from 1) until it succeeds or must stop. */
  <T> T run(String model, IntFunction<Attempt<T>> attempter) {
    RetryPolicy policy = config.retry();
    Instant start = clock.instant();
    Instant deadline = start.plus(policy.maxTotal());
    for (int attempt = 1; ; attempt++) {
      Attempt<T> outcome = attempter.apply(attempt);
      if (outcome instanceof Success<T> success) {
        return success.value();
      }
      Failure<T> failure = (Failure<T>) outcome;
      if (!failure.retryable()) {
        throw failure.error();
      }
      if (attempt >= policy.maxAttempts()) {
        throw errors.exhausted(failure.error(), attempt, elapsed(start), null);
      }
      Duration wait =
          failure.retryAfter() != null
              ? min(failure.retryAfter(), policy.maxRetryAfter())
              : backoff(policy, attempt);
      if (clock.instant().plus(wait).isAfter(deadline)) {
        throw errors.exhausted(failure.error(), attempt, elapsed(start), wait);
      }
      log.debug(
          "{} {}: attempt {} failed ({}), retrying in {} ms",
          config.displayName(),
          model,
          attempt,
          failure.error().status(),
          wait.toMillis());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw errors.cancelled(e);
      }
    }
  }

  private Duration elapsed(Instant start) {
    return Duration.between(start, clock.instant());
  }

  /** Exponential backoff with "equal jitter": a random wait in [half, full] of the step. */
  static Duration backoff(RetryPolicy policy, int attempt) {
    long initial = policy.initialBackoff().toMillis();
    long step = initial << Math.min(attempt - 1, 30);
    long capped = Math.min(step < 0 ? Long.MAX_VALUE : step, policy.maxBackoff().toMillis());
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
