package io.mcpbot.core.mcp.sandbox;

import static io.mcpbot.core.mcp.Fixtures.nodeModules;
import static io.mcpbot.core.mcp.Fixtures.projectRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.mcp.Fixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm reference servers initialize, list and answer a call inside the sandbox, started with
 * node directly (read-only paths found from the args alone) and through npx.
 */
class SandboxedServersTest {
  static Sandbox sandbox;
  @TempDir Path root;

  @BeforeAll
  static void detect() {
    sandbox = Sandbox.detect(SandboxMode.BWRAP);
  }

  @AfterEach
  void noProcessLeft() {
    await().atMost(Duration.ofSeconds(10)).until(() -> Fixtures.descendants() == 0);
  }

  static String bin(String pkg) {
    return nodeModules().resolve(pkg).resolve("dist/index.js").toString();
  }

  private McpRun node(Path user, List<String> args, Map<String, String> env) throws IOException {
    Files.createDirectories(user);
    var spec =
        SandboxSpec.forServer(user, "node", args, System.getenv("PATH"), SandboxPolicy.DEFAULT);
    return McpRun.start("node", args, env, user, cmd -> sandbox.wrap(spec, cmd));
  }

  @Test
  void memory() throws Exception {
    Path user = root.resolve("UA");
    var env = new java.util.HashMap<>(McpRun.env());
    env.put("MEMORY_FILE_PATH", user + "/memory.jsonl");
    try (var run = node(user, List.of(bin("@modelcontextprotocol/server-memory")), env)) {
      assertThat(run.toolNames()).contains("create_entities", "read_graph");
      Map<String, Object> entity =
          Map.of("name", "sandboxed", "entityType", "t", "observations", List.of("o"));
      run.call("create_entities", Map.of("entities", List.of(entity)));
      assertThat(run.call("read_graph", Map.of())).contains("sandboxed");
    }
    assertThat(user.resolve("memory.jsonl")).exists();
  }

  @Test
  void filesystem() throws Exception {
    Path user = root.resolve("UA");
    Path files = user.resolve("files");
    Files.createDirectories(files);
    String server = bin("@modelcontextprotocol/server-filesystem");
    try (var run = node(user, List.of(server, files.toString()), McpRun.env())) {
      assertThat(run.toolNames()).contains("write_file", "read_text_file");
      run.call("write_file", Map.of("path", files + "/n.txt", "content", "in the box"));
      assertThat(run.call("read_text_file", Map.of("path", files + "/n.txt")))
          .contains("in the box");
    }
    assertThat(Files.readString(files.resolve("n.txt"))).isEqualTo("in the box");
  }

  @Test
  void sqlite() throws Exception {
    Path user = root.resolve("UA");
    String db = user + "/data.db";
    try (var run = node(user, List.of(bin("mcp-server-sqlite-npx"), db), McpRun.env())) {
      assertThat(run.toolNames()).contains("create_table", "read_query");
      run.call("create_table", Map.of("query", "CREATE TABLE t (a TEXT)"));
      run.call("write_query", Map.of("query", "INSERT INTO t VALUES ('boxed row')"));
      assertThat(run.call("read_query", Map.of("query", "SELECT a FROM t"))).contains("boxed row");
    }
    assertThat(Path.of(db)).exists();
  }

  @Test
  void everything() throws Exception {
    String server = bin("@modelcontextprotocol/server-everything");
    try (var run = node(root.resolve("UA"), List.of(server, "stdio"), McpRun.env())) {
      assertThat(run.toolNames()).contains("echo");
      assertThat(run.call("echo", Map.of("message", "hi from the box")))
          .contains("hi from the box");
    }
  }

  /**
   * npx as the shipped config uses it, but resolving the package from testing/ (npx --prefix) so
   * the test needs no registry: npm itself, its cache in the user's HOME and the bin shims run
   * inside the sandbox, with the network cut.
   */
  @Test
  void everyReferenceServerThroughNpxWithoutNetwork() throws Exception {
    Path testing = projectRoot().resolve("testing");
    var policy =
        new SandboxPolicy(
            false,
            List.of(testing.toString(), nodeModules().toRealPath().toString()),
            List.of(),
            SandboxLimits.DEFAULTS);
    Path user = Files.createDirectories(root.resolve("UA"));
    Path files = Files.createDirectories(user.resolve("files"));
    var bins =
        Map.of(
            "mcp-server-memory", List.<String>of(),
            "mcp-server-filesystem", List.of(files.toString()),
            "mcp-server-sqlite-npx", List.of(user + "/npx.db"),
            "mcp-server-everything", List.of("stdio"));
    for (var e : bins.entrySet()) {
      List<String> args =
          new ArrayList<>(List.of("--prefix", testing.toString(), "-y", e.getKey()));
      args.addAll(e.getValue());
      var spec = SandboxSpec.forServer(user, "npx", args, System.getenv("PATH"), policy);
      try (var run = McpRun.start("npx", args, McpRun.env(), user, c -> sandbox.wrap(spec, c))) {
        assertThat(run.toolNames()).as(e.getKey()).isNotEmpty();
        String tool = run.toolNames().contains("echo") ? "echo" : null;
        if (tool != null) {
          assertThat(run.call("echo", Map.of("message", "npx"))).contains("npx");
        } else if (e.getKey().equals("mcp-server-sqlite-npx")) {
          assertThat(run.call("list_tables", Map.of())).isNotNull();
        } else if (e.getKey().equals("mcp-server-memory")) {
          assertThat(run.call("read_graph", Map.of())).contains("entities");
        } else {
          assertThat(run.call("list_allowed_directories", Map.of())).contains(files.toString());
        }
      }
    }
    assertThat(user.resolve(".home/.npm")).as("npm's cache lives in the user's HOME").exists();
  }

  /** The shipped config's form: npx fetches from the registry into the user's own cache. */
  @Test
  void memoryThroughNpxFromTheRegistry() throws Exception {
    Assumptions.assumeTrue(registryReachable(), "registry.npmjs.org unreachable: skipped");
    Path user = Files.createDirectories(root.resolve("UA"));
    List<String> args = List.of("-y", "@modelcontextprotocol/server-memory@2026.8.31");
    var env = new java.util.HashMap<>(McpRun.env());
    env.put("MEMORY_FILE_PATH", user + "/memory.json");
    if (System.getenv("NODE_EXTRA_CA_CERTS") != null) {
      env.put("NODE_EXTRA_CA_CERTS", System.getenv("NODE_EXTRA_CA_CERTS"));
    }
    var spec =
        SandboxSpec.forServer(user, "npx", args, System.getenv("PATH"), SandboxPolicy.DEFAULT);
    try (var run = McpRun.start("npx", args, env, user, c -> sandbox.wrap(spec, c))) {
      assertThat(run.toolNames()).contains("read_graph");
      assertThat(run.call("read_graph", Map.of())).contains("entities");
    }
  }

  private static boolean registryReachable() {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("registry.npmjs.org", 443), 3000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
