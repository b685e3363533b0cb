package io.mcpbot.core.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.llm.RetryPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The retry wait's behaviour: bounded by the policy, growing, capped, and spread out. */
class BackoffTest {
  private static final RetryPolicy POLICY =
      new RetryPolicy(
          10,
          Duration.ofMillis(400),
          Duration.ofSeconds(2),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60));

  @Test
  void waitsStayWithinThePolicysStepAndCap() {
    for (int attempt = 1; attempt <= 8; attempt++) {
      Duration step =
          min(POLICY.initialBackoff().multipliedBy(1L << (attempt - 1)), POLICY.maxBackoff());
      for (int i = 0; i < 50; i++) {
        assertThat(ProviderHttp.backoff(POLICY, attempt)).isPositive().isLessThanOrEqualTo(step);
      }
    }
  }

  @Test
  void concurrentClientsDoNotAllWaitTheSameTime() {
    Set<Duration> waits = new HashSet<>();
    IntStream.range(0, 100).forEach(i -> waits.add(ProviderHttp.backoff(POLICY, 3)));
    assertThat(waits).hasSizeGreaterThan(10);
  }

  @Test
  void laterAttemptsWaitLongerOnAverage() {
    assertThat(average(4)).isGreaterThan(average(1));
  }

  private static double average(int attempt) {
    return IntStream.range(0, 200)
        .mapToLong(i -> ProviderHttp.backoff(POLICY, attempt).toMillis())
        .average()
        .orElseThrow();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
