package io.mcpbot.core.agent;

import static io.mcpbot.core.agent.OpenAiReplies.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.mcp.sandbox.SandboxMode;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escape probe through the whole turn (model over HTTP asks for the probe's tools, the pool
 * starts user A's server, the result goes back to the model), on H2 and PostgreSQL: with the
 * sandbox every escape fails and the detached grandchild dies with the session; with {@code
 * MCP_SANDBOX=off} the same probe shows each leak, so the sandboxed run cannot pass vacuously.
 */
class SandboxedTurnTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String A = "U0PROBEA";
  static final String B = "U0PROBEB";

  @TempDir Path root;
  Path botDir;
  Path dataRoot;
  Path userB;
  Path hostTmp;
  String token;
  FakeLlmServer llm = new FakeLlmServer();
  AgentRig rig;

  @BeforeEach
  void layout() throws IOException {
    botDir = Files.createDirectories(root.resolve("bot"));
    Files.writeString(botDir.resolve(".env"), "ENCRYPTION_KEY=bot-dotenv-secret\n");
    dataRoot = Files.createDirectories(botDir.resolve("user_data"));
    userB = Files.createDirectories(dataRoot.resolve(B));
    Files.writeString(userB.resolve("secret.txt"), "bob-private-notes");
    token = "mcpbot-turn-probe-" + UUID.randomUUID();
    hostTmp = Path.of("/tmp", token);
  }

  @AfterEach
  void cleanUp() throws IOException {
    llm.close();
    if (rig != null) {
      rig.close();
    }
    for (ProcessHandle h : grandchildren()) {
      h.descendants().forEach(ProcessHandle::destroyForcibly);
      h.destroyForcibly();
    }
    Files.deleteIfExists(hostTmp);
    await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.descendants() == 0);
  }

  @DbTest
  void everyEscapeFailsThroughTheWholeTurn(TestDb db) throws Exception {
    JsonNode r = probeThroughATurn(db, Sandbox.detect(SandboxMode.BWRAP));

    assertThat(r.get("visiblePids").asInt()).as("own /proc").isLessThanOrEqualTo(4);
    assertThat(r.at("/environ/ok").asBoolean()).as(r.get("environ").toString()).isFalse();
    r.get("read").forEach(a -> assertThat(a.get("ok").asBoolean()).as(a.toString()).isFalse());
    assertThat(r.get("list").get(userB.toString()).get("ok").asBoolean()).isFalse();
    assertThat(r.get("list").get(dataRoot.toString()).get("detail").asText())
        .as("only the user's own folder is visible in the data root")
        .isEqualTo(A);
    // a write may "succeed" into the sandbox's private tmpfs; none reaches the host
    assertThat(dataRoot.resolve("escaped.txt")).doesNotExist();
    assertThat(botDir.resolve("escaped.txt")).doesNotExist();
    assertThat(userB.resolve("escaped.txt")).doesNotExist();
    assertThat(hostTmp).doesNotExist();
    assertThat(r.get("capEff").asText()).as("no capabilities").isEqualTo("0000000000000000");
    assertThat(r.get("home").asText()).startsWith(dataRoot.resolve(A).toString());
    rig.close(); // ends the session: the sandbox's PID namespace goes with it
    rig = null;
    await().atMost(Duration.ofSeconds(10)).until(() -> grandchildren().isEmpty());
  }

  @DbTest
  void theSameTurnShowsEveryLeakWithTheSandboxOff(TestDb db) throws Exception {
    JsonNode r = probeThroughATurn(db, Sandbox.detect(SandboxMode.OFF));

    assertThat(r.get("visiblePids").asInt()).isGreaterThan(4);
    assertThat(r.at("/environ/ok").asBoolean()).as(r.get("environ").toString()).isTrue();
    assertThat(r.get("read").toString())
        .contains("bot-dotenv-secret")
        .contains("bob-private-notes");
    assertThat(r.get("list").toString()).contains("secret.txt");
    assertThat(dataRoot.resolve("escaped.txt")).exists();
    assertThat(hostTmp).exists();
    rig.close();
    rig = null;
    assertThat(grandchildren()).as("the detached grandchild outlived its session").isNotEmpty();
  }

  /**
   * Runs two turns for user A: the model asks for {@code probe__probe} (escape attempts), then for
   * {@code probe__detach}; returns the probe's report as the model received it.
   */
  private JsonNode probeThroughATurn(TestDb db, Sandbox sandbox) throws Exception {
    rig = new AgentRig(db.store(), dataRoot, sandbox);
    String script = Fixtures.resource("sandbox-probe-server.js").toString();
    rig.server(StdioServer.of("probe", "node", List.of(script))).enable(A, "probe", Map.of());
    rig.users.ensureUser(A, new UserProfile("Ann", "Ann", null));
    String probeArgs =
        JSON.writeValueAsString(
            Map.of(
                "pid", ProcessHandle.current().pid(),
                "read", List.of(botDir.resolve(".env").toString(), userB + "/secret.txt"),
                "list", List.of(userB.toString(), dataRoot.toString()),
                "write",
                    List.of(
                        dataRoot + "/escaped.txt",
                        botDir + "/escaped.txt",
                        userB + "/escaped.txt",
                        hostTmp.toString())));
    llm.reply(200, OpenAiReplies.tools(call("c1", "probe__probe", probeArgs)))
        .reply(200, OpenAiReplies.text("probed"))
        .reply(200, OpenAiReplies.tools(call("c2", "probe__detach", tokenArgs())))
        .reply(200, OpenAiReplies.text("detached"));
    Agent agent = rig.agent(AgentRig.openAi(llm.url()), AgentConfig.defaults("gpt-test"));

    assertThat(agent.run(new TurnInput(A, "D1", "T1", "probe"), null).answer()).isEqualTo("probed");
    assertThat(agent.run(new TurnInput(A, "D1", "T1", "detach"), null).answer())
        .isEqualTo("detached");
    assertThat(toolResult(3)).contains("detached " + token);
    return JSON.readTree(toolResult(1));
  }

  private String tokenArgs() throws IOException {
    return JSON.writeValueAsString(Map.of("token", token));
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

  private List<ProcessHandle> grandchildren() {
    return Fixtures.processesCarrying(token);
  }
}
