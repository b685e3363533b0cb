package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** LOG_FORMAT=json: one JSON object per line, with the turn's reference from the MDC. */
class LogFormatTest {
  private static final Logger log = LoggerFactory.getLogger(LogFormatTest.class);

  @Test
  void jsonIsOneObjectPerLineWithTheRefThenTextAgain() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      LogFormat.apply("json"); // restarts the console appender: it picks up the captured stream
      MDC.put("ref", "0badc0de");
      try {
        log.warn("turn failed for user {}", "U0JSON001");
        log.error("with a cause", new IllegalStateException("boom\nsecond line"));
      } finally {
        MDC.remove("ref");
      }
      LogFormat.apply("text");
      log.warn("plain again");
    } finally {
      System.setErr(old);
      LogFormat.apply("text");
    }
    List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
    List<JsonNode> json = new ArrayList<>();
    for (String line : lines.subList(0, lines.size() - 1)) {
      json.add(new ObjectMapper().readTree(line)); // each line alone is one JSON object
    }
    assertThat(json).hasSize(2);
    assertThat(json.get(0).get("level").asText()).isEqualTo("WARN");
    assertThat(json.get(0).get("formattedMessage").asText())
        .isEqualTo("turn failed for user U0JSON001");
    assertThat(json.get(0).get("mdc").get("ref").asText()).isEqualTo("0badc0de");
    assertThat(json.get(1).get("mdc").get("ref").asText()).isEqualTo("0badc0de");
    assertThat(json.get(1).get("throwable").toString()).contains("boom");
    assertThat(lines.getLast()).contains("WARN").contains("plain again").doesNotStartWith("{");
  }
}
