package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Context reports the settings' problems and the store's DATABASE_URL problems at once. */
class ContextTest {

  @Test
  void aMalformedDatabaseUrlIsReportedWithTheOtherProblemsAndWithoutItsPassword() {
    Settings s =
        Settings.load(
            Map.of("DATABASE_URL", "postgresql+asyncpg://bot:Sup3r-Secret@db:99999/mcpbot"), null);
    assertThat(Context.problems(s, Need.ENCRYPTION)).hasSize(2);
    assertThatThrownBy(() -> Context.open(s, Context.Migrate.NO, Need.ENCRYPTION))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems())
                  .hasSize(2)
                  .contains(Settings.MISSING_ENCRYPTION)
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith(
                                  "Invalid DATABASE_URL 'postgresql+asyncpg://bot:<masked>@")
                              .contains("port '99999'")
                              .contains("Fix DATABASE_URL"));
              assertThat(e.getMessage()).doesNotContain("Sup3r-Secret");
            });
    assertThat(s.toString()).doesNotContain("Sup3r-Secret");
  }

  @Test
  void aSchemeTheSettingsRefuseIsReportedOnce() {
    Settings s = Settings.load(Map.of("DATABASE_URL", "mysql://root:pw@db/x"), null);
    assertThat(Context.problems(s))
        .singleElement()
        .asString()
        .startsWith("DATABASE_URL has an unsupported scheme 'mysql'")
        .doesNotContain("pw@");
  }
}
