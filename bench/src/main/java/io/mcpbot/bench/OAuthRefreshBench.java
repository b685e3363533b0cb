package io.mcpbot.bench;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.oauth.GrantStore;
import io.mcpbot.core.oauth.HeadlessUserAgent;
import io.mcpbot.core.oauth.MemoryGrantStore;
import io.mcpbot.core.oauth.OAuthAuthorizer;
import io.mcpbot.core.oauth.OAuthFlows;
import io.mcpbot.core.oauth.StoredGrants;
import io.mcpbot.core.oauth.TestAuthServer;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.testing.TestDb;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * (a) 50 concurrent calls of one user meeting an expired access token, against a real HTTP
 * authorization server: how many refresh requests reach it per round (must be 1). (b) The same MCP
 * tool call (TypeScript SDK demo server with OAuth, over streamable HTTP) with the bearer token
 * from {@link OAuthAuthorizer} vs the same token as a static header: p50/p99 and ratio.
 *
 * <p>Usage: {@code OAuthRefreshBench [rounds=20] [concurrency=50] [calls=1000] [warmup=200]}.
 */
public final class OAuthRefreshBench {
  private static final URI REDIRECT = URI.create("http://localhost:3999/oauth/callback");
  private static final String USER = "UBENCH1";
  private static final KeyRing KEYS = KeyRing.of("bench", List.of(KeyRing.generateKey()));

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    refreshes(rounds, concurrency);
    latency(calls, warmup);
  }

  private static void refreshes(int rounds, int concurrency) throws Exception {
    Fixtures.MutableClock clock = new Fixtures.MutableClock();
    List<Integer> perRound = new ArrayList<>();
    List<Double> roundMs = new ArrayList<>();
    try (TestAuthServer as = new TestAuthServer();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      OAuthFlows flows =
          new OAuthFlows(new MemoryGrantStore(), REDIRECT, null, name -> null, clock, null);
      OAuthAuthorizer authorizer = new OAuthAuthorizer(flows);
      RemoteServer server = new RemoteServer("remote", as.mcpUrl(), Map.of(), null);
      new HeadlessUserAgent(REDIRECT)
          .authorize(USER, server, flows.begin(USER, server, null), flows);
      for (int r = 0; r < rounds; r++) {
        clock.advance(Duration.ofHours(2));
        int before = as.refreshes.get();
        List<Future<String>> results = new ArrayList<>();
        long s = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
          results.add(pool.submit(() -> authorizer.authorization(USER, server)));
        }
        for (Future<String> f : results) {
          f.get();
        }
        roundMs.add((System.nanoTime() - s) / 1e6);
        perRound.add(as.refreshes.get() - before);
      }
    }
    System.out.printf(
        "refresh: %d rounds of %d concurrent calls on an expired token: refresh requests per round"
            + " min %d max %d (must be 1); round %s%n",
        rounds,
        concurrency,
        perRound.stream().mapToInt(Integer::intValue).min().orElse(0),
        perRound.stream().mapToInt(Integer::intValue).max().orElse(0),
        Stats.p50p99(roundMs));
  }

  private static void latency(int calls, int warmup) throws Exception {
    int mcpPort = freePort();
    int authPort = freePort();
    Path script =
        Path.of("testing/node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server")
            .resolve("simpleStreamableHttp.js")
            .toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder("node", script.toString(), "--oauth")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("MCP_PORT", Integer.toString(mcpPort));
    pb.environment().put("MCP_AUTH_PORT", Integer.toString(authPort));
    Process node = pb.start();
    try (TestDb db = TestDatabases.migrated(Engine.POSTGRESQL)) {
      db.store().servers().insert("demo", "", "{}", false);
      waitFor(mcpPort);
      waitFor(authPort);
      RemoteServer server =
          new RemoteServer("demo", "http://localhost:" + mcpPort + "/mcp", Map.of(), null);
      OAuthAuthorizer inMemory = connected(new MemoryGrantStore(), server);
      OAuthAuthorizer inDatabase = connected(new StoredGrants(db.store(), KEYS), server);
      String header = inMemory.authorization(USER, server);
      List<Double> memory = new ArrayList<>();
      List<Double> database = new ArrayList<>();
      List<Double> fixed = new ArrayList<>();
      try (McpSyncClient viaMemory = client(mcpPort, bearer(inMemory, server));
          McpSyncClient viaDatabase = client(mcpPort, bearer(inDatabase, server));
          McpSyncClient viaStatic =
              client(mcpPort, (b, m, u, body, c) -> b.header("Authorization", header))) {
        for (int i = 0; i < warmup + calls; i++) {
          // interleaved so the three see the same server state and machine noise
          double o = call(viaMemory, i);
          double d = call(viaDatabase, i);
          double f = call(viaStatic, i);
          if (i >= warmup) {
            memory.add(o);
            database.add(d);
            fixed.add(f);
          }
        }
      }
      System.out.printf(
          "latency: greet x%d over streamable HTTP: static header %s%n"
              + "  oauth, grants in memory      %s | vs static %s%n"
              + "  oauth, grants in PostgreSQL  %s | vs static %s%n",
          calls,
          Stats.p50p99(fixed),
          Stats.p50p99(memory),
          Stats.ratio(memory, fixed),
          Stats.p50p99(database),
          Stats.ratio(database, fixed));
    } finally {
      node.destroyForcibly();
    }
  }

  /** An authorizer over {@code store} with the user already connected (headless agent). */
  private static OAuthAuthorizer connected(GrantStore store, RemoteServer server) {
    OAuthFlows flows = new OAuthFlows(store, REDIRECT, null, name -> null);
    OAuthAuthorizer authorizer = new OAuthAuthorizer(flows, new HeadlessUserAgent(REDIRECT));
    authorizer.challenged(USER, server, 401, null);
    return authorizer;
  }

  private static McpSyncHttpClientRequestCustomizer bearer(
      OAuthAuthorizer authorizer, RemoteServer server) {
    return (b, m, u, body, c) -> b.header("Authorization", authorizer.authorization(USER, server));
  }

  private static McpSyncClient client(int port, McpSyncHttpClientRequestCustomizer auth) {
    var transport =
        HttpClientStreamableHttpTransport.builder("http://localhost:" + port)
            .endpoint("/mcp")
            .jsonMapper(new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper()))
            .httpRequestCustomizer(auth)
            .build();
    McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    c.initialize();
    return c;
  }

  private static double call(McpSyncClient c, int i) {
    long s = System.nanoTime();
    c.callTool(new McpSchema.CallToolRequest("greet", Map.of("name", "n" + i)));
    return (System.nanoTime() - s) / 1e6;
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void waitFor(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("localhost", port)) {
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(50); // a bench waiting for a port, not a test
      }
    }
    throw new IllegalStateException("port " + port + " did not open");
  }
}
