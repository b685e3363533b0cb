package io.mcpbot.core.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The event-stream parser: ids, retry, multi-line data, priming events, line endings, the cap. */
class SseReaderTest {
  private static SseReader reader(String text, int cap) {
    return new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), cap);
  }

  @Test
  void parsesIdsRetryDataAndPrimingEvents() throws IOException {
    SseReader r =
        reader(
            ": comment\r\nid: e-1\r\nretry: 500\r\ndata: \r\n\r\n"
                + "event: message\nid: e-2\ndata: {\"a\":\ndata: 1}\n\n"
                + "event: endpoint\rdata: /messages?s=1\r\r"
                + "data: unfinished",
            1024);
    assertThat(r.next()).isEqualTo(new SseReader.Event("e-1", null, ""));
    assertThat(r.retryMillis()).isEqualTo(500);
    SseReader.Event e = r.next();
    assertThat(e).isEqualTo(new SseReader.Event("e-2", "message", "{\"a\":\n1}"));
    assertThat(e.isMessage()).isTrue();
    SseReader.Event endpoint = r.next();
    assertThat(endpoint.event()).isEqualTo("endpoint");
    assertThat(endpoint.isMessage()).isFalse();
    assertThat(endpoint.data()).isEqualTo("/messages?s=1");
    assertThat(r.next()).isNull();
    assertThat(r.lastId()).isEqualTo("e-2");
  }

  @Test
  void aLineOverTheCapIsRejected() {
    SseReader r = reader("data: " + "x".repeat(100) + "\n\n", 64);
    assertThatThrownBy(r::next).hasMessageContaining("exceeds 64 bytes");
  }
}
