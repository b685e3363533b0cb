package io.mcpbot.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LEASE_TTL, read with the database settings: whole seconds, at least 1; unset or blank is 30 s.
 */
class LeaseTtlSettingTest {
  private static DatabaseSettings database(Map<String, String> env) {
    return Settings.load(env, null).database();
  }

  @Test
  void unsetOrBlankIsTheDefault() {
    assertThat(database(Map.of()).leaseTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(database(Map.of("LEASE_TTL", " ")).leaseTtl())
        .isEqualTo(DatabaseSettings.DEFAULT_LEASE_TTL);
  }

  @Test
  void secondsAreRead() {
    assertThat(database(Map.of("LEASE_TTL", "3")).leaseTtl()).isEqualTo(Duration.ofSeconds(3));
    assertThat(database(Map.of("LEASE_TTL", " 120 ")).leaseTtl()).isEqualTo(Duration.ofMinutes(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "1.5", "30s", "PT30S"})
  void anythingElseIsADatabaseProblemNamingTheVariable(String raw) {
    Settings settings = Settings.load(Map.of("LEASE_TTL", raw), null);
    String expected = "LEASE_TTL must be a whole number of seconds, at least 1, got '" + raw + "'";
    assertThat(settings.problems(Need.DATABASE)).contains(expected);
    assertThatThrownBy(settings::database)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected);
    // judged once, under the capability that uses it: a command that needs no database is not held
    assertThat(settings.problems(Need.LLM)).doesNotContain(expected);
  }
}
