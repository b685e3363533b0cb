package io.mcpbot.core.agent;

import static io.mcpbot.core.agent.OpenAiReplies.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.sandbox.ProbeLayout;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.mcp.sandbox.SandboxMode;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escape probe through the whole turn (model over HTTP asks for the probe's tools, the pool
 * starts user A's server from the store's catalog, the result goes back to the model), on H2 and
 * PostgreSQL: with the sandbox every escape fails and the detached grandchild dies with the
 * session; with {@code MCP_SANDBOX=off} the same probe shows each leak, so the sandboxed run cannot
 * pass vacuously.
 */
class SandboxedTurnTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String A = "U0PROBEA";

  @TempDir Path root;
  ProbeLayout at;
  FakeLlmServer llm = new FakeLlmServer();
  AgentRig rig;

  @BeforeEach
  void layout() throws IOException {
    at = new ProbeLayout(root, A, "U0PROBEB");
  }

  @AfterEach
  void cleanUp() throws IOException {
    llm.close();
    endSessions();
    at.cleanUp();
    await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.descendants() == 0);
  }

  private void endSessions() {
    if (rig != null) {
      rig.close();
      rig = null;
    }
  }

  @DbTest
  void everyEscapeFailsThroughTheWholeTurn(TestDb db) throws Exception {
    JsonNode r = probeThroughATurn(db, Sandbox.detect(SandboxMode.BWRAP));

    at.assertNoEscape(r);
    endSessions(); // the sandbox's PID namespace goes with the session
    await().atMost(Duration.ofSeconds(10)).until(() -> at.grandchildren().isEmpty());
  }

  @DbTest
  void theSameTurnShowsEveryLeakWithTheSandboxOff(TestDb db) throws Exception {
    JsonNode r = probeThroughATurn(db, Sandbox.detect(SandboxMode.OFF));

    at.assertLeaks(r);
    endSessions();
    assertThat(at.grandchildren()).as("the detached grandchild outlived its session").isNotEmpty();
  }

  /**
   * Runs two turns for user A: the model asks for {@code probe__probe} (escape attempts), then for
   * {@code probe__detach}; returns the probe's report as the model received it.
   */
  private JsonNode probeThroughATurn(TestDb db, Sandbox sandbox) throws Exception {
    rig = new AgentRig(db.store(), at.dataRoot, sandbox);
    rig.server(StdioServer.of("probe", "node", List.of(ProbeLayout.script())))
        .enable(A, "probe", Map.of());
    rig.users.ensureUser(A, new UserProfile("Ann", "Ann", null));
    String detach = JSON.writeValueAsString(Map.of("token", at.token));
    llm.reply(200, OpenAiReplies.tools(call("c1", "probe__probe", json(at.probeArgs()))))
        .reply(200, OpenAiReplies.text("probed"))
        .reply(200, OpenAiReplies.tools(call("c2", "probe__detach", detach)))
        .reply(200, OpenAiReplies.text("detached"));
    Agent agent = rig.agent(AgentRig.openAi(llm.url()), AgentConfig.defaults("gpt-test"));

    // the user approves: the probe's tools have no annotations, so they ask first
    TurnListener approving =
        new TurnListener() {
          @Override
          public ApprovalDecision approve(ToolApproval request) {
            return ApprovalDecision.APPROVE;
          }
        };
    assertThat(agent.run(new TurnInput(A, "D1", "T1", "probe"), approving).answer())
        .isEqualTo("probed");
    assertThat(agent.run(new TurnInput(A, "D1", "T1", "detach"), approving).answer())
        .isEqualTo("detached");
    assertThat(toolResult(3)).contains("detached " + at.token);
    return JSON.readTree(toolResult(1));
  }

  private static String json(Object value) throws IOException {
    return JSON.writeValueAsString(value);
  }

  /** The last tool message the model got in its n-th request. */
  private String toolResult(int request) throws IOException {
    JsonNode messages = JSON.readTree(llm.requests().get(request).body()).get("messages");
    String out = null;
    for (JsonNode m : messages) {
      if (m.get("role").asText().equals("tool")) {
        out = m.get("content").asText();
      }
    }
    assertThat(out).as("a tool result in request " + request).isNotNull();
    return out;
  }
}
