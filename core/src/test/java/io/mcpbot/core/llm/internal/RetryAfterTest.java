package io.mcpbot.core.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.llm.FakeTime;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final FakeTime time = new FakeTime();

  private Duration parse(Map<String, String> headers) {
    Map<String, List<String>> multi = new java.util.HashMap<>();
    headers.forEach((k, v) -> multi.put(k, List.of(v)));
    return RetryAfter.parse(HttpHeaders.of(multi, (a, b) -> true), time);
  }

  private String inSeconds(long seconds) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        time.instant().plusSeconds(seconds).atZone(ZoneOffset.UTC));
  }

  @Test
  void seconds() {
    assertThat(parse(Map.of("retry-after", "12"))).isEqualTo(Duration.ofSeconds(12));
    assertThat(parse(Map.of("retry-after", " 0.5 "))).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void httpDate() {
    assertThat(parse(Map.of("retry-after", inSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
    assertThat(parse(Map.of("retry-after", inSeconds(-30)))).isEqualTo(Duration.ZERO);
  }

  @Test
  void millisecondsHeaderWins() {
    assertThat(parse(Map.of("retry-after-ms", "250", "retry-after", "1")))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void absentOrUnreadableIsNull() {
    assertThat(parse(Map.of())).isNull();
    assertThat(parse(Map.of("retry-after", "soon"))).isNull();
    assertThat(parse(Map.of("retry-after", "-3"))).isEqualTo(Duration.ZERO);
  }
}
