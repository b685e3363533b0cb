package io.mcpbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolOutcome;
import io.mcpbot.core.mcp.UserServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * (a) Echo round trip through our SessionPool vs the TypeScript SDK client, both against
 * server-everything's echo tool over stdio, 1000 calls each after warm-up: p50, p99, ratio.
 */
public final class McpEchoBench {
  /** The bare Java SDK as a second peer, to separate pool overhead from SDK overhead. */
  private static List<Double> rawSdk(int calls, int warmup) {
    var params =
        io.modelcontextprotocol.client.transport.ServerParameters.builder("node")
            .args(BenchEnv.bin("@modelcontextprotocol/server-everything"), "stdio")
            .build();
    var mapper = new io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper(new ObjectMapper());
    var transport =
        new io.modelcontextprotocol.client.transport.StdioClientTransport(params, mapper);
    List<Double> lat = new ArrayList<>();
    try (var client = io.modelcontextprotocol.client.McpClient.sync(transport).build()) {
      client.initialize();
      for (int i = 0; i < warmup + calls; i++) {
        long s = System.nanoTime();
        client.callTool(
            new io.modelcontextprotocol.spec.McpSchema.CallToolRequest(
                "echo", Map.of("message", "r" + i)));
        if (i >= warmup) {
          lat.add((System.nanoTime() - s) / 1e6);
        }
      }
    }
    return lat;
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    String user = "UBENCH1";
    var source =
        BenchEnv.source(Map.of(user, List.of(new UserServer(BenchEnv.everything(), Map.of()))));
    List<Double> java = new ArrayList<>();
    long t0 = System.nanoTime();
    try (var pool =
        new SessionPool(PoolConfig.defaults(BenchEnv.tempRoot()), source, BenchEnv.botEnv())) {
      pool.catalog(user);
      double startMs = (System.nanoTime() - t0) / 1e6;
      for (int i = 0; i < warmup; i++) {
        pool.call(user, "everything__echo", Map.of("message", "w" + i));
      }
      for (int i = 0; i < calls; i++) {
        long s = System.nanoTime();
        ToolOutcome r = pool.call(user, "everything__echo", Map.of("message", "m" + i));
        java.add((System.nanoTime() - s) / 1e6);
        if (r.isError() || !r.asText().contains("m" + i)) {
          throw new IllegalStateException("bad echo: " + r.asText());
        }
      }
      System.out.printf("java pool   : first start+catalog %.0f ms (cold JVM)%n", startMs);
    }
    List<Double> raw = rawSdk(calls, warmup);
    Process ts =
        new ProcessBuilder(
                "node",
                BenchEnv.root().resolve("bench/ts-echo.mjs").toString(),
                BenchEnv.root().toString(),
                String.valueOf(calls),
                String.valueOf(warmup))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    JsonNode out = new ObjectMapper().readTree(ts.getInputStream());
    if (ts.waitFor() != 0) {
      throw new IllegalStateException("ts-echo.mjs failed");
    }
    List<Double> tsLat = new ArrayList<>();
    out.get("lat").forEach(n -> tsLat.add(n.asDouble()));
    System.out.printf("ts sdk      : start+connect %.0f ms%n", out.get("startMs").asDouble());
    System.out.printf(
        "java sdk raw (its StdioClientTransport + McpSyncClient, no pool) p50 %s p99 %s%n",
        Stats.fmt(Stats.pct(raw, 50)), Stats.fmt(Stats.pct(raw, 99)));
    double jp50 = Stats.pct(java, 50), jp99 = Stats.pct(java, 99);
    double tp50 = Stats.pct(tsLat, 50), tp99 = Stats.pct(tsLat, 99);
    System.out.printf(
        "echo x%d  java pool p50 %s p99 %s | ts sdk p50 %s p99 %s | ratio java/ts p50 %.2f p99 %.2f%n",
        calls,
        Stats.fmt(jp50),
        Stats.fmt(jp99),
        Stats.fmt(tp50),
        Stats.fmt(tp99),
        jp50 / tp50,
        jp99 / tp99);
  }
}
