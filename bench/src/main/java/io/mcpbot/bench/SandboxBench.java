package io.mcpbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.internal.ResolvedServer;
import io.mcpbot.core.mcp.internal.StdioTransport;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.mcp.sandbox.SandboxMode;
import io.mcpbot.core.mcp.sandbox.SandboxPolicy;
import io.mcpbot.core.mcp.sandbox.SandboxSpec;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Spawn to initialized for a node reference server with and without the bubblewrap sandbox
 * (alternating, after warm-up): p50, p99 and the ratio; close time; RSS of one sandboxed session
 * (bwrap processes included) vs the bare server. Args: iterations, warm-up, server package.
 */
public final class SandboxBench {
  private static final JacksonMcpJsonMapper MAPPER = new JacksonMcpJsonMapper(new ObjectMapper());

  record Sample(double startMs, double closeMs, long rssKb) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String pkg = args.length > 2 ? args[2] : "@modelcontextprotocol/server-everything";
    List<String> serverArgs =
        pkg.endsWith("server-everything")
            ? List.of(BenchEnv.bin(pkg), "stdio")
            : List.of(BenchEnv.bin(pkg));
    Sandbox sandbox = Sandbox.detect(SandboxMode.BWRAP);
    System.out.println(sandbox.status().readyLine());
    Path user = Files.createDirectories(BenchEnv.tempRoot().resolve("UBENCH"));
    var spec =
        SandboxSpec.forServer(
            user, "node", serverArgs, System.getenv("PATH"), SandboxPolicy.DEFAULT);
    UnaryOperator<List<String>> boxed = cmd -> sandbox.wrap(spec, cmd);
    List<Sample> plain = new ArrayList<>();
    List<Sample> inBox = new ArrayList<>();
    for (int i = 0; i < warmup + n; i++) {
      Sample a = once(user, serverArgs, null);
      Sample b = once(user, serverArgs, boxed);
      if (i >= warmup) {
        plain.add(a);
        inBox.add(b);
      }
    }
    report(pkg, n, plain, inBox);
  }

  private static Sample once(Path user, List<String> args, UnaryOperator<List<String>> launcher) {
    var server =
        new ResolvedServer(
            "bench",
            "UBENCH",
            "node",
            args,
            Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8"),
            null,
            Map.of(),
            user,
            List.of());
    var t = new StdioTransport(server, MAPPER, 1 << 22, Duration.ofSeconds(2), launcher);
    var client = McpClient.sync(t).requestTimeout(Duration.ofSeconds(30)).build();
    long s = System.nanoTime();
    client.initialize();
    double startMs = (System.nanoTime() - s) / 1e6;
    client.listTools();
    long rss = BenchEnv.childrenRssKb();
    long c = System.nanoTime();
    client.closeGracefully();
    t.close();
    double closeMs = (System.nanoTime() - c) / 1e6;
    if (BenchEnv.descendants() != 0) {
      throw new IllegalStateException("a process outlived its session");
    }
    return new Sample(startMs, closeMs, rss);
  }

  private static void report(String pkg, int n, List<Sample> plain, List<Sample> box) {
    List<Double> ps = plain.stream().map(Sample::startMs).toList();
    List<Double> bs = box.stream().map(Sample::startMs).toList();
    System.out.printf("%s, %d spawns each, alternating, after warm-up%n", pkg, n);
    System.out.printf("spawn->initialized  no sandbox: %s%n", Stats.p50p99(ps));
    System.out.printf("spawn->initialized  bubblewrap: %s%n", Stats.p50p99(bs));
    System.out.printf("ratio sandbox/plain: %s (goal <= 1.3x)%n", Stats.ratio(bs, ps));
    List<Double> pc = plain.stream().map(Sample::closeMs).toList();
    List<Double> bc = box.stream().map(Sample::closeMs).toList();
    System.out.printf(
        "close: no sandbox p50 %s, bubblewrap p50 %s%n",
        Stats.fmt(Stats.median(pc)), Stats.fmt(Stats.median(bc)));
    double pr = plain.stream().mapToLong(Sample::rssKb).average().orElse(0) / 1024;
    double br = box.stream().mapToLong(Sample::rssKb).average().orElse(0) / 1024;
    System.out.printf(
        "RSS per session: no sandbox %.1f MiB, sandboxed %.1f MiB (bwrap adds %.1f MiB)%n",
        pr, br, br - pr);
  }
}
