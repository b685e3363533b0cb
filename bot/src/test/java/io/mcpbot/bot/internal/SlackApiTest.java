package io.mcpbot.bot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlackApiTest {
  @Test
  void readsRetryAfterWithSaneBounds() {
    assertThat(SlackApi.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(SlackApi.retryAfter(null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(SlackApi.retryAfter("soon")).isEqualTo(Duration.ofSeconds(1));
    assertThat(SlackApi.retryAfter("-5")).isEqualTo(Duration.ZERO);
    assertThat(SlackApi.retryAfter("3600")).isEqualTo(Duration.ofSeconds(60));
  }
}
