package io.mcpbot.core.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.mcp.sandbox.SandboxMode;
import io.mcpbot.core.mcp.sandbox.SandboxPolicy;
import io.mcpbot.core.mcp.sandbox.SandboxSpec;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport connects once: neither a second connect nor a send after close spawns; a sandboxed
 * server lives as long as its session, whichever thread started it.
 */
class StdioTransportTest {
  @TempDir Path dir;
  private Sandbox sandbox;

  private ResolvedServer tiny() throws Exception {
    return new ResolvedServer(
        "tiny",
        "U0ABC",
        "node",
        List.of(Path.of(getClass().getResource("/tiny-mcp-server.js").toURI()).toString()),
        Map.of("PATH", System.getenv("PATH")),
        null,
        Map.of(),
        dir,
        List.of());
  }

  /** The tiny server in the bubblewrap sandbox, as the pool starts a stdio server; not started. */
  private StdioTransport sandboxedTiny() throws Exception {
    if (sandbox == null) {
      sandbox = Sandbox.detect(SandboxMode.BWRAP); // probed once per test, not per transport
    }
    ResolvedServer server = tiny();
    SandboxSpec spec =
        SandboxSpec.forServer(
            dir, "node", server.args(), System.getenv("PATH"), SandboxPolicy.DEFAULT);
    return new StdioTransport(
        server,
        new JacksonMcpJsonMapper(new ObjectMapper()),
        1 << 20,
        Duration.ofSeconds(1),
        cmd -> sandbox.wrap(spec, cmd));
  }

  @Test
  void aSandboxedServerOutlivesTheThreadThatStartedIt() throws Exception {
    // bubblewrap's --die-with-parent (PR_SET_PDEATHSIG) follows the spawning *thread*: spawned
    // from a thread that then ends, the sandbox was killed with it, and its inner process and
    // the server were left running as orphans when that happened during bubblewrap's setup
    var t = sandboxedTiny();
    Thread starter = Thread.ofPlatform().start(() -> t.connect(m -> m).block());
    starter.join();
    ProcessHandle sandboxed = ProcessHandle.of(t.pid()).orElseThrow();
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(sandboxed::isAlive);
    assertThat(t.death()).isNotDone();
    t.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ProcessHandle.current().descendants().count() == 0
                    && Fixtures.processesCarrying(dir.toString()).isEmpty());
  }

  @Test
  void aSandboxClosedAsItStartsLeavesNothing() throws Exception {
    // closed within moments of the spawn (a pool closing during a prewarm), bubblewrap may not yet
    // have armed its inner process's parent-death signal: that process and the server must not be
    // left running as orphans
    for (int i = 0; i < 20; i++) {
      var t = sandboxedTiny();
      t.connect(m -> m).block();
      t.close();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(Fixtures.processesCarrying(dir.toString()))
                    .as("processes of closed sandboxes")
                    .isEmpty());
  }

  @Test
  void connectsOnceAndNeverRespawns() throws Exception {
    var server = tiny();
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
