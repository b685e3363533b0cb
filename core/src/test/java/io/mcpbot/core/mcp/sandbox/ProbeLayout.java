package io.mcpbot.core.mcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.core.mcp.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the escape probe (sandbox-probe-server.js) is pointed at: a bot folder with a .env, a data
 * root with user A's and user B's folders (B's holding a private file), and a token naming the
 * probe's detached grandchild and a host /tmp file. The probe's report is judged here, so the
 * transport-level and the whole-turn tests assert the same escapes.
 */
public final class ProbeLayout {
  public final Path botDir;
  public final Path dataRoot;
  public final Path userA;
  public final Path userB;
  public final Path hostTmp;
  public final String token;

  public ProbeLayout(Path root, String userAId, String userBId) throws IOException {
    botDir = Files.createDirectories(root.resolve("bot"));
    Files.writeString(botDir.resolve(".env"), "ENCRYPTION_KEY=bot-dotenv-secret\n");
    dataRoot = Files.createDirectories(botDir.resolve("user_data"));
    userA = Files.createDirectories(dataRoot.resolve(userAId));
    userB = Files.createDirectories(dataRoot.resolve(userBId));
    Files.writeString(userB.resolve("secret.txt"), "bob-private-notes");
    token = "mcpbot-probe-" + UUID.randomUUID();
    hostTmp = Path.of("/tmp", token);
  }

  public static String script() {
    return Fixtures.resource("sandbox-probe-server.js").toString();
  }

  /** The arguments of the probe's {@code probe} tool: every escape it is to try. */
  public Map<String, Object> probeArgs() {
    return Map.of(
        "pid", ProcessHandle.current().pid(),
        "read", List.of(botDir.resolve(".env").toString(), userB + "/secret.txt"),
        "list", List.of(userB.toString(), dataRoot.toString()),
        "write",
            List.of(
                dataRoot + "/escaped.txt",
                botDir + "/escaped.txt",
                userB + "/escaped.txt",
                hostTmp.toString()));
  }

  /** Every attempt failed (writes may land in the sandbox's private tmpfs, never on the host). */
  public void assertNoEscape(JsonNode r) {
    assertThat(r.get("visiblePids").asInt()).as("own /proc").isLessThanOrEqualTo(4);
    assertThat(r.at("/environ/ok").asBoolean()).as(r.get("environ").toString()).isFalse();
    r.get("read").forEach(a -> assertThat(a.get("ok").asBoolean()).as(a.toString()).isFalse());
    assertThat(r.get("list").get(userB.toString()).get("ok").asBoolean()).isFalse();
    assertThat(r.get("list").get(dataRoot.toString()).get("detail").asText())
        .as("only the user's own folder is visible in the data root")
        .isEqualTo(userA.getFileName().toString());
    assertThat(dataRoot.resolve("escaped.txt")).doesNotExist();
    assertThat(botDir.resolve("escaped.txt")).doesNotExist();
    assertThat(userB.resolve("escaped.txt")).doesNotExist();
    assertThat(hostTmp).doesNotExist();
    assertThat(r.get("capEff").asText()).as("no capabilities").isEqualTo("0000000000000000");
    assertThat(r.get("home").asText()).startsWith(userA.toString());
  }

  /** Every leak the sandbox closes shows (so the sandboxed assertions cannot pass vacuously). */
  public void assertLeaks(JsonNode r) {
    assertThat(r.get("visiblePids").asInt()).isGreaterThan(4);
    assertThat(r.at("/environ/ok").asBoolean()).as(r.get("environ").toString()).isTrue();
    assertThat(r.at("/environ/detail").asText()).contains("PATH=");
    assertThat(r.get("read").toString())
        .contains("bot-dotenv-secret")
        .contains("bob-private-notes");
    assertThat(r.get("list").toString()).contains("secret.txt");
    assertThat(dataRoot.resolve("escaped.txt")).exists();
    assertThat(hostTmp).exists();
  }

  /** Host processes carrying the token: the probe's detached grandchild, if it survived. */
  public List<ProcessHandle> grandchildren() {
    return Fixtures.processesCarrying(token);
  }

  /** Kills a surviving grandchild (the unsandboxed runs leave one) and the host /tmp file. */
  public void cleanUp() throws IOException {
    for (ProcessHandle h : grandchildren()) {
      h.descendants().forEach(ProcessHandle::destroyForcibly);
      h.destroyForcibly();
    }
    Files.deleteIfExists(hostTmp);
  }
}
