package io.mcpbot.core.llm.internal;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads how long a provider asked us to wait: retry-after-ms, or Retry-After seconds or date. */
final class RetryAfter {
  private RetryAfter() {}

  /** The requested wait (never negative), or null when the headers ask for none we can read. */
  static Duration parse(HttpHeaders headers, Clock clock) {
    var ms = headers.firstValue("retry-after-ms").map(RetryAfter::millis).orElse(null);
    if (ms != null) {
      return ms;
    }
    return headers.firstValue("retry-after").map(v -> parseValue(v, clock)).orElse(null);
  }

  static Duration parseValue(String value, Clock clock) {
    String v = value.strip();
    try {
      BigDecimal seconds = new BigDecimal(v);
      return nonNegative(Duration.ofMillis(seconds.movePointRight(3).longValue()));
    } catch (NumberFormatException | ArithmeticException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        return nonNegative(Duration.between(clock.instant(), at.toInstant()));
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  private static Duration millis(String value) {
    try {
      return nonNegative(Duration.ofMillis(new BigDecimal(value.strip()).longValue()));
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
