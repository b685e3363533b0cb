package io.mcpbot.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * LOG_FORMAT applied to logback's console appenders: {@code json} swaps their encoder for logback's
 * own {@link JsonEncoder} (one JSON object per line: timestamp, level, thread, logger, MDC with the
 * turn's {@code ref}, formatted message, throwable); {@code text} keeps or restores the pattern.
 * Called once per command from {@link Main}; not thread-safe against concurrent calls.
 */
final class LogFormat {
  /** The text pattern of logback.xml. */
  static final String PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

  private LogFormat() {}

  static void apply(String format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out) {
        boolean json = out.getEncoder() instanceof JsonEncoder;
        if ("json".equals(format) && !json) {
          swap(out, json(context));
        } else if ("text".equals(format) && json) {
          swap(out, text(context));
        }
      }
    }
  }

  private static void swap(OutputStreamAppender<ILoggingEvent> out, Encoder<ILoggingEvent> enc) {
    out.stop();
    out.setEncoder(enc);
    out.start();
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    JsonEncoder enc = new JsonEncoder();
    enc.setContext(context);
    // what an operator's log pipeline needs; the raw message + arguments would say it twice
    enc.setWithSequenceNumber(false);
    enc.setWithNanoseconds(false);
    enc.setWithContext(false);
    enc.setWithMessage(false);
    enc.setWithArguments(false);
    enc.setWithFormattedMessage(true);
    enc.start();
    return enc;
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder enc = new PatternLayoutEncoder();
    enc.setContext(context);
    enc.setPattern(PATTERN);
    enc.start();
    return enc;
  }
}
