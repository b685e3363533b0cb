package io.mcpbot.core.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport connects once: neither a second connect nor a send after close spawns. */
class StdioTransportTest {
  @TempDir Path dir;

  @Test
  void connectsOnceAndNeverRespawns() throws Exception {
    var server =
        new ResolvedServer(
            "tiny",
            "U0ABC",
            "node",
            List.of(Path.of(getClass().getResource("/tiny-mcp-server.js").toURI()).toString()),
            Map.of("PATH", System.getenv("PATH")),
            null,
            Map.of(),
            dir,
            List.of());
    var t =
        new StdioTransport(
            server, new JacksonMcpJsonMapper(new ObjectMapper()), 1 << 20, Duration.ofSeconds(1));
    t.connect(m -> m).block();
    long pid = t.pid();
    assertThat(ProcessHandle.current().descendants().count())
        .withFailMessage(
            () ->
                "descendants: "
                    + ProcessHandle.current()
                        .descendants()
                        .map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
                        .toList())
        .isEqualTo(1);
    assertThatThrownBy(() -> t.connect(m -> m).block()).hasMessageContaining("not respawning");
    t.close();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThatThrownBy(() -> t.connect(m -> m).block()).hasMessageContaining("not respawning");
    assertThatThrownBy(
            () ->
                t.sendMessage(
                        new io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification(
                            "2.0", "x", null))
                    .block())
        .hasMessageContaining("closed");
    assertThat(t.death()).isCompletedExceptionally();
    assertThat(ProcessHandle.current().descendants().count()).isZero();
  }
}
