package io.mcpbot.core.mcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
  Path botDir;
  Path dataRoot;
  Path userA;
  Path userB;
  Path hostTmp;
  String token;

  @BeforeEach
  void layout() throws IOException {
    botDir = Files.createDirectories(root.resolve("bot"));
    Files.writeString(botDir.resolve(".env"), "ENCRYPTION_KEY=bot-dotenv-secret\n");
    dataRoot = Files.createDirectories(botDir.resolve("user_data"));
    userA = Files.createDirectories(dataRoot.resolve("UA"));
    userB = Files.createDirectories(dataRoot.resolve("UB"));
    Files.writeString(userB.resolve("secret.txt"), "bob-private-notes");
    token = "mcpbot-probe-" + UUID.randomUUID();
    hostTmp = Path.of("/tmp", token);
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (ProcessHandle h : grandchildren()) {
      h.descendants().forEach(ProcessHandle::destroyForcibly); // its sleep
      h.destroyForcibly();
    }
    Files.deleteIfExists(hostTmp);
    await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.descendants() == 0);
  }

  @Test
  void everyEscapeFailsInsideTheSandbox() throws Exception {
    Sandbox sandbox = Sandbox.detect(SandboxMode.BWRAP);
    List<String> args = List.of(Fixtures.resource("sandbox-probe-server.js").toString());
    SandboxSpec spec =
        SandboxSpec.forServer(userA, "node", args, System.getenv("PATH"), SandboxPolicy.DEFAULT);
    JsonNode r = runProbe(cmd -> sandbox.wrap(spec, cmd), args);

    assertThat(r.get("visiblePids").asInt()).as("own /proc").isLessThanOrEqualTo(4);
    assertThat(r.at("/environ/ok").asBoolean()).as(r.get("environ").toString()).isFalse();
    r.get("read").forEach(a -> assertThat(a.get("ok").asBoolean()).as(a.toString()).isFalse());
    assertThat(r.get("list").get(userB.toString()).get("ok").asBoolean()).isFalse();
    assertThat(r.get("list").get(dataRoot.toString()).get("detail").asText())
        .as("only the user's own folder is visible in the data root")
        .isEqualTo("UA");
    assertThat(dataRoot.resolve("escaped.txt")).doesNotExist();
    assertThat(botDir.resolve("escaped.txt")).doesNotExist();
    assertThat(userB.resolve("escaped.txt")).doesNotExist();
    assertThat(hostTmp).doesNotExist();
    assertThat(r.get("capEff").asText()).as("no capabilities").isEqualTo("0000000000000000");
    assertThat(r.get("home").asText()).startsWith(userA.toString());
    assertThat(r.get("cwd").asText()).isEqualTo(userA.toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> grandchildren().isEmpty());
  }

  @Test
  void theSameProbeShowsEveryLeakWithoutTheSandbox() throws Exception {
    List<String> args = List.of(Fixtures.resource("sandbox-probe-server.js").toString());
    JsonNode r = runProbe(null, args);

    assertThat(r.get("visiblePids").asInt()).isGreaterThan(4);
    assertThat(r.at("/environ/ok").asBoolean()).as(r.get("environ").toString()).isTrue();
    assertThat(r.at("/environ/detail").asText()).contains("PATH=");
    assertThat(r.get("read").toString())
        .contains("bot-dotenv-secret")
        .contains("bob-private-notes");
    assertThat(r.get("list").toString()).contains("secret.txt");
    assertThat(dataRoot.resolve("escaped.txt")).exists();
    assertThat(hostTmp).exists();
    assertThat(grandchildren()).as("the detached grandchild outlived its session").isNotEmpty();
    if (ProcessHandle.current().info().user().orElse("").equals("root")) {
      assertThat(r.get("capEff").asText()).isNotEqualTo("0000000000000000");
    }
  }

  /** Runs the probe as user A, asks it to detach a grandchild, closes the session. */
  private JsonNode runProbe(UnaryOperator<List<String>> launcher, List<String> args)
      throws IOException {
    try (var run = McpRun.start("node", args, McpRun.env(), userA, launcher)) {
      assertThat(run.toolNames()).contains("probe", "detach");
      String out =
          run.call(
              "probe",
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
      assertThat(run.call("detach", Map.of("token", token))).contains("detached");
      return JSON.readTree(out);
    }
  }

  private List<ProcessHandle> grandchildren() {
    return Fixtures.processesCarrying(token);
  }
}
