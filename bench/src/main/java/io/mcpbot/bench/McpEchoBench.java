package io.mcpbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolOutcome;
import io.mcpbot.core.mcp.UserServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * (a) Echo round trip against server-everything's echo tool over stdio, three clients in one run:
 * our SessionPool (the agent's path: a tool from the catalog, then calls), the bare MCP Java SDK
 * client, and the TypeScript SDK client. Each round runs the three one after the other; the report
 * gives each round's p50/p99 and the median over rounds, with ratios pool/raw and pool/TS.
 *
 * <p>Usage: {@code McpEchoBench [calls=1000] [warmup=200] [rounds=3]}.
 */
public final class McpEchoBench {
  private record Round(double[] pool, double[] raw, double[] ts) {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<Round> all = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      Round round =
          new Round(
              p50p99(pool(calls, warmup)), p50p99(raw(calls, warmup)), p50p99(ts(calls, warmup)));
      all.add(round);
      System.out.printf(
          "round %d  pool p50 %s p99 %s | raw java sdk p50 %s p99 %s | ts sdk p50 %s p99 %s%n",
          r,
          Stats.fmt(round.pool[0]),
          Stats.fmt(round.pool[1]),
          Stats.fmt(round.raw[0]),
          Stats.fmt(round.raw[1]),
          Stats.fmt(round.ts[0]),
          Stats.fmt(round.ts[1]));
    }
    double[] pool = median(all.stream().map(Round::pool).toList());
    double[] raw = median(all.stream().map(Round::raw).toList());
    double[] ts = median(all.stream().map(Round::ts).toList());
    System.out.printf(
        "echo x%d, median of %d rounds: pool p50 %s p99 %s | raw p50 %s p99 %s | ts p50 %s p99 %s%n",
        calls,
        rounds,
        Stats.fmt(pool[0]),
        Stats.fmt(pool[1]),
        Stats.fmt(raw[0]),
        Stats.fmt(raw[1]),
        Stats.fmt(ts[0]),
        Stats.fmt(ts[1]));
    System.out.printf(
        "ratio pool/raw p50 %.2f p99 %.2f | pool/ts p50 %.2f p99 %.2f%n",
        pool[0] / raw[0], pool[1] / raw[1], pool[0] / ts[0], pool[1] / ts[1]);
  }

  /** Our pool as the agent uses it: the tool resolved once from the catalog, then called. */
  private static List<Double> pool(int calls, int warmup) {
    String user = "UBENCH1";
    var source =
        BenchEnv.source(Map.of(user, List.of(new UserServer(BenchEnv.everything(), Map.of()))));
    List<Double> lat = new ArrayList<>();
    try (var pool =
        new SessionPool(PoolConfig.defaults(BenchEnv.tempRoot()), source, BenchEnv.botEnv())) {
      McpTool echo = pool.catalog(user).find("everything__echo").orElseThrow();
      for (int i = 0; i < warmup + calls; i++) {
        long s = System.nanoTime();
        ToolOutcome r = pool.call(user, echo, Map.of("message", "m" + i));
        long took = System.nanoTime() - s;
        if (r.isError() || !r.asText().contains("m" + i)) {
          throw new IllegalStateException("bad echo: " + r.asText());
        }
        if (i >= warmup) {
          lat.add(took / 1e6);
        }
      }
    }
    return lat;
  }

  /** The bare Java SDK: its own stdio transport and sync client, no pool. */
  private static List<Double> raw(int calls, int warmup) {
    var params =
        ServerParameters.builder("node")
            .args(BenchEnv.bin("@modelcontextprotocol/server-everything"), "stdio")
            .build();
    var transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    List<Double> lat = new ArrayList<>();
    try (var client = McpClient.sync(transport).build()) {
      client.initialize();
      for (int i = 0; i < warmup + calls; i++) {
        long s = System.nanoTime();
        client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "r" + i)));
        if (i >= warmup) {
          lat.add((System.nanoTime() - s) / 1e6);
        }
      }
    }
    return lat;
  }

  /** The TypeScript SDK client (bench/ts-echo.mjs), in its own node process. */
  private static List<Double> ts(int calls, int warmup) throws Exception {
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
    List<Double> lat = new ArrayList<>();
    out.get("lat").forEach(n -> lat.add(n.asDouble()));
    return lat;
  }

  private static double[] p50p99(List<Double> lat) {
    return new double[] {Stats.pct(lat, 50), Stats.pct(lat, 99)};
  }

  private static double[] median(List<double[]> rounds) {
    return new double[] {
      Stats.median(rounds.stream().map(a -> a[0]).toList()),
      Stats.median(rounds.stream().map(a -> a[1]).toList())
    };
  }
}
