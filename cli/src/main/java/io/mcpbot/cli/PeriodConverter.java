package io.mcpbot.cli;

import io.mcpbot.core.McpbotException;
import io.mcpbot.core.admin.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses 30d / 12h / 90m / 45s / 2w; a bad value is a usage error (exit 2). */
final class PeriodConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (McpbotException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
