package io.mcpbot.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.McpbotException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "30d,PT720H,30d",
    "12h,PT12H,12h",
    "90m,PT1H30M,90m",
    "45s,PT45S,45s",
    "2w,PT336H,2w"
  })
  void parsesAndFormats(String text, Duration expected, String formatted) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
    assertThat(Durations.format(expected)).isEqualTo(formatted);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "d", "0d", "-1d", "1.5h", "3x"})
  void rejectsOtherForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(McpbotException.class)
        .hasMessageContaining("e.g. 30d, 12h, 90m");
  }
}
