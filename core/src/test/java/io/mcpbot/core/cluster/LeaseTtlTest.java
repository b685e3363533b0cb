package io.mcpbot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LEASE_TTL: whole seconds, at least 1; unset or blank is 30 s. */
class LeaseTtlTest {
  @Test
  void unsetOrBlankIsTheDefault() {
    assertThat(TurnHandoff.ttl(null)).isEqualTo(Duration.ofSeconds(30));
    assertThat(TurnHandoff.ttl(" ")).isEqualTo(TurnHandoff.DEFAULT_TTL);
  }

  @Test
  void secondsAreRead() {
    assertThat(TurnHandoff.ttl("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(TurnHandoff.ttl(" 120 ")).isEqualTo(Duration.ofMinutes(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "1.5", "30s", "PT30S"})
  void anythingElseIsRefusedNamingTheVariable(String raw) {
    assertThatThrownBy(() -> TurnHandoff.ttl(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LEASE_TTL must be a whole number of seconds, at least 1, got: " + raw);
  }
}
