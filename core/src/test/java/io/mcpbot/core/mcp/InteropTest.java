package io.mcpbot.core.mcp;

import static io.mcpbot.core.mcp.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.StdioServer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npm reference servers pinned in testing/package.json, per user, stdio and HTTP. */
class InteropTest {
  static final String A = "UINTEROPA";
  static final String B = "UINTEROPB";
  @TempDir Path root;
  SessionPool pool;
  Process httpServer;

  @AfterEach
  void tearDown() {
    if (pool != null) {
      pool.close();
    }
    if (httpServer != null) {
      httpServer.destroyForcibly();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> descendants() == 0);
  }

  static String bin(String pkg) {
    return nodeModules().resolve(pkg).resolve("dist/index.js").toString();
  }

  static ServerDefinition node(String name, List<String> args, Map<String, String> env) {
    return new StdioServer(name, "node", args, env, ServerOptions.NONE);
  }

  @Test
  void everythingOverStdio() {
    var def =
        node(
            "everything",
            List.of(bin("@modelcontextprotocol/server-everything"), "stdio"),
            Map.of());
    pool = new SessionPool(config(root), new Source().put(A, us(def)), botEnvFn());
    ToolCatalog cat = pool.catalog(A);
    assertThat(cat.problems()).isEmpty();
    assertThat(cat.tools()).extracting(McpTool::qualifiedName).contains("everything__echo");
    assertThat(Fixtures.call(pool, A, "everything__echo", Map.of("message", "hi")).asText())
        .contains("hi");
  }

  /** Starts server-everything over streamable HTTP; returns its port. */
  private int startEverythingHttp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var pb =
        new ProcessBuilder("node", bin("@modelcontextprotocol/server-everything"), "streamableHttp")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PORT", String.valueOf(port));
    httpServer = pb.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
              }
            });
    return port;
  }

  @Test
  void everythingOverStreamableHttpWithResolvedHeaders() throws Exception {
    int port = startEverythingHttp();
    var def =
        new RemoteServer(
            "remote",
            "http://127.0.0.1:" + port + "/mcp",
            Map.of("Authorization", "Bearer ${REMOTE_TOKEN}", "X-User", "${user_id}"),
            ServerOptions.NONE.withCredentials(
                List.of(
                    new CredentialSpec(
                        "api_key", "Remote token", "", "REMOTE_TOKEN", true, null))));
    pool =
        new SessionPool(
            config(root),
            new Source().put(A, us(def, Map.of("REMOTE_TOKEN", "tok-a"))),
            botEnvFn());
    ToolCatalog cat = pool.catalog(A);
    assertThat(cat.problems()).isEmpty();
    assertThat(Fixtures.call(pool, A, "remote__echo", Map.of("message", "over http")).asText())
        .contains("over http");
    assertThat(pool.status(A, "remote")).isInstanceOf(ServerStatus.Running.class);
    pool.invalidate(A, "remote");
    assertThat(Fixtures.call(pool, A, "remote__echo", Map.of("message", "again")).asText())
        .contains("again");
  }

  @Test
  void memoryIsPerUser() {
    var def =
        node(
            "memory",
            List.of(bin("@modelcontextprotocol/server-memory")),
            Map.of("MEMORY_FILE_PATH", root + "/${user_id}/memory.jsonl"));
    pool = new SessionPool(config(root), new Source().put(A, us(def)).put(B, us(def)), botEnvFn());
    ToolOutcome created =
        Fixtures.call(
            pool,
            A,
            "memory__create_entities",
            Map.of(
                "entities",
                List.of(
                    Map.of(
                        "name",
                        "alice-secret-project",
                        "entityType",
                        "project",
                        "observations",
                        List.of("x")))));
    assertThat(created.isError()).as(created.asText()).isFalse();
    assertThat(Fixtures.call(pool, A, "memory__read_graph", Map.of()).asText())
        .contains("alice-secret-project");
    assertThat(Fixtures.call(pool, B, "memory__read_graph", Map.of()).asText())
        .doesNotContain("alice-secret-project");
    assertThat(root.resolve(A).resolve("memory.jsonl")).exists();
  }

  @Test
  void filesystemIsConfinedToTheUsersDirectory() throws Exception {
    var def =
        node(
            "fs",
            List.of(bin("@modelcontextprotocol/server-filesystem"), root + "/${user_id}"),
            Map.of());
    pool = new SessionPool(config(root), new Source().put(A, us(def)).put(B, us(def)), botEnvFn());
    String aFile = root.resolve(A).resolve("diary.txt").toString();
    ToolOutcome w =
        Fixtures.call(pool, A, "fs__write_file", Map.of("path", aFile, "content", "alice only"));
    assertThat(w.isError()).as(w.asText()).isFalse();
    assertThat(Files.readString(Path.of(aFile))).isEqualTo("alice only");
    assertThat(Fixtures.call(pool, A, "fs__read_text_file", Map.of("path", aFile)).asText())
        .contains("alice only");
    ToolOutcome stolen = Fixtures.call(pool, B, "fs__read_text_file", Map.of("path", aFile));
    assertThat(stolen.isError()).isTrue();
    assertThat(stolen.asText()).doesNotContain("alice only").containsIgnoringCase("denied");
    ToolOutcome escape =
        Fixtures.call(
            pool,
            B,
            "fs__read_text_file",
            Map.of("path", root.resolve(B) + "/../" + A + "/diary.txt"));
    assertThat(escape.isError()).isTrue();
    assertThat(escape.asText()).doesNotContain("alice only");
  }

  @Test
  void sqliteIsPerUser() {
    var def =
        node(
            "sqlite",
            List.of(bin("mcp-server-sqlite-npx"), root + "/${user_id}/db.sqlite"),
            Map.of());
    pool = new SessionPool(config(root), new Source().put(A, us(def)).put(B, us(def)), botEnvFn());
    ToolOutcome t =
        Fixtures.call(
            pool, A, "sqlite__create_table", Map.of("query", "CREATE TABLE notes (body TEXT)"));
    assertThat(t.isError()).as(t.asText()).isFalse();
    assertThat(
            Fixtures.call(
                    pool,
                    A,
                    "sqlite__write_query",
                    Map.of("query", "INSERT INTO notes VALUES ('alice row')"))
                .isError())
        .isFalse();
    assertThat(
            Fixtures.call(pool, A, "sqlite__read_query", Map.of("query", "SELECT body FROM notes"))
                .asText())
        .contains("alice row");
    assertThat(Fixtures.call(pool, B, "sqlite__list_tables", Map.of()).asText())
        .doesNotContain("notes");
    assertThat(root.resolve(A).resolve("db.sqlite")).exists();
  }

  @Test
  void httpHeadersCarryTheUsersResolvedCredential() throws Exception {
    var seen = new java.util.concurrent.CompletableFuture<com.sun.net.httpserver.Headers>();
    var http =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/mcp",
        ex -> {
          seen.complete(ex.getRequestHeaders());
          ex.sendResponseHeaders(503, -1);
          ex.close();
        });
    http.start();
    try {
      var def =
          new RemoteServer(
              "remote",
              "http://127.0.0.1:" + http.getAddress().getPort() + "/mcp",
              Map.of("Authorization", "Bearer ${REMOTE_TOKEN}", "X-User", "${user_id}"),
              ServerOptions.NONE.withCredentials(
                  List.of(
                      new CredentialSpec(
                          "api_key", "Remote token", "", "REMOTE_TOKEN", true, null))));
      pool =
          new SessionPool(
              config(root).toBuilder()
                  .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))
                  .build(),
              new Source().put(A, us(def, Map.of("REMOTE_TOKEN", "tok-http-a"))),
              botEnvFn());
      ServerProblem p = pool.catalog(A).problems().getFirst();
      assertThat(p.server()).isEqualTo("remote");
      assertThat(p.reason()).doesNotContain("tok-http-a");
      var h = seen.get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(h.getFirst("Authorization")).isEqualTo("Bearer tok-http-a");
      assertThat(h.getFirst("X-User")).isEqualTo(A);
    } finally {
      http.stop(0);
    }
  }

  /**
   * The shipped servers_config.json's shape: paths relative to the bot's working directory ({@code
   * ./user_data/${user_id}/...}) and folders that must exist before the server starts.
   */
  @Test
  void defaultConfigShapeWithRelativePathsAndFoldersCreatedOnFirstUse() throws Exception {
    String rel = Path.of("").toAbsolutePath().relativize(root).toString();
    String dir = rel + "/${user_id}";
    var memory =
        node(
            "memory",
            List.of(bin("@modelcontextprotocol/server-memory")),
            Map.of("MEMORY_FILE_PATH", dir + "/memory.json"));
    var fs =
        node(
            "filesystem",
            List.of(bin("@modelcontextprotocol/server-filesystem"), dir + "/files"),
            Map.of());
    var sqlite = node("sqlite", List.of(bin("mcp-server-sqlite-npx"), dir + "/data.db"), Map.of());
    pool =
        new SessionPool(
            config(Path.of(rel)), new Source().put(A, us(memory), us(fs), us(sqlite)), botEnvFn());
    ToolCatalog cat = pool.catalog(A);
    assertThat(cat.problems()).isEmpty();
    Path user = root.resolve(A);
    assertThat(Fixtures.call(pool, A, "filesystem__list_allowed_directories", Map.of()).asText())
        .contains(user.resolve("files").toString());
    ToolOutcome w =
        Fixtures.call(
            pool,
            A,
            "filesystem__write_file",
            Map.of("path", "note.txt", "content", "relative ok"));
    assertThat(w.isError()).as(w.asText()).isFalse();
    assertThat(Files.readString(user.resolve("files/note.txt"))).isEqualTo("relative ok");
    ToolOutcome m =
        Fixtures.call(
            pool,
            A,
            "memory__create_entities",
            Map.of(
                "entities",
                List.of(Map.of("name", "n", "entityType", "t", "observations", List.of("o")))));
    assertThat(m.isError()).as(m.asText()).isFalse();
    assertThat(user.resolve("memory.json")).exists();
    ToolOutcome t =
        Fixtures.call(pool, A, "sqlite__create_table", Map.of("query", "CREATE TABLE t (a TEXT)"));
    assertThat(t.isError()).as(t.asText()).isFalse();
    assertThat(user.resolve("data.db")).exists();
  }

  /** The SDK's HTTP transport never closes its HttpClient: the session must, or threads pile up. */
  @Test
  void closedHttpSessionsLeaveNoThreadsOrSockets() throws Exception {
    int port = startEverythingHttp();
    var def =
        new RemoteServer(
            "remote", "http://127.0.0.1:" + port + "/mcp", Map.of(), ServerOptions.NONE);
    pool = new SessionPool(config(root), new Source().put(A, us(def)), botEnvFn());
    assertThat(Fixtures.call(pool, A, "remote__echo", Map.of("message", "warm")).asText())
        .contains("warm");
    pool.invalidate(A, "remote");
    int threads0 = threads();
    int fds0 = fds();
    for (int i = 0; i < 20; i++) {
      assertThat(Fixtures.call(pool, A, "remote__echo", Map.of("message", "m" + i)).asText())
          .contains("m" + i);
      pool.invalidate(A, "remote");
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(threads()).as(threadNames()).isLessThanOrEqualTo(threads0);
              assertThat(fds()).isLessThanOrEqualTo(fds0);
            });
  }
}
