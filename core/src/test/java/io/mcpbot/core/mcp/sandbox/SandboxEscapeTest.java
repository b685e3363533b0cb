package io.mcpbot.core.mcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe server tries every escape from user A's server: the bot's environ, the bot's .env, user
 * B's file and folder, writes outside A's folder, a detached grandchild. Sandboxed, each attempt
 * fails; unsandboxed, the same probe shows each leak (so the test cannot pass vacuously).
 */
class SandboxEscapeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path root;
  ProbeLayout at;

  @BeforeEach
  void layout() throws IOException {
    at = new ProbeLayout(root, "UA", "UB");
  }

  @AfterEach
  void cleanUp() throws IOException {
    at.cleanUp();
    await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.descendants() == 0);
  }

  @Test
  void everyEscapeFailsInsideTheSandbox() throws Exception {
    Sandbox sandbox = Sandbox.detect(SandboxMode.BWRAP);
    List<String> args = List.of(ProbeLayout.script());
    SandboxSpec spec =
        SandboxSpec.forServer(at.userA, "node", args, System.getenv("PATH"), SandboxPolicy.DEFAULT);
    JsonNode r = runProbe(cmd -> sandbox.wrap(spec, cmd), args);

    at.assertNoEscape(r);
    assertThat(r.get("cwd").asText()).isEqualTo(at.userA.toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> at.grandchildren().isEmpty());
  }

  @Test
  void theSameProbeShowsEveryLeakWithoutTheSandbox() throws Exception {
    JsonNode r = runProbe(null, List.of(ProbeLayout.script()));

    at.assertLeaks(r);
    assertThat(at.grandchildren()).as("the detached grandchild outlived its session").isNotEmpty();
    if (ProcessHandle.current().info().user().orElse("").equals("root")) {
      assertThat(r.get("capEff").asText()).isNotEqualTo("0000000000000000");
    }
  }

  /** Runs the probe as user A, asks it to detach a grandchild, closes the session. */
  private JsonNode runProbe(UnaryOperator<List<String>> launcher, List<String> args)
      throws IOException {
    try (var run = McpRun.start("node", args, McpRun.env(), at.userA, launcher)) {
      assertThat(run.toolNames()).contains("probe", "detach");
      String out = run.call("probe", at.probeArgs());
      assertThat(run.call("detach", Map.of("token", at.token))).contains("detached");
      return JSON.readTree(out);
    }
  }
}
