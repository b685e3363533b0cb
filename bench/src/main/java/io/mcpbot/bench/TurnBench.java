package io.mcpbot.bench;

import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.agent.TurnListener;
import io.mcpbot.core.agent.TurnResult;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.config.ApprovalPolicy;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.StopReason;
import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.testing.TestDb;
import io.mcpbot.core.users.UserServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Per-turn overhead of the agent: a zero-latency in-process model (one tool call, then the answer)
 * and warm sessions of a tiny node MCP server, so what remains of a turn is the agent's own work
 * (store reads and writes, catalog, history, prompt, audit). Reports p50/p99 of turn time minus
 * provider and tool time, one turn at a time and with 50 users at once, on H2 and on embedded
 * PostgreSQL, with the tool call itself (the peer) measured in the same turns.
 *
 * <p>Usage: {@code TurnBench [users=50] [turnsPerUser=20]}.
 */
public final class TurnBench {
  private record Sample(double turnMs, double overheadMs, double toolMs) {}

  private record Result(
      Engine engine,
      List<Sample> sequential,
      List<Sample> concurrent,
      double concurrentWallS,
      int users) {}

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int turns = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path root = BenchEnv.tempRoot();
    Path server = tinyServer(root);
    List<Result> results = new ArrayList<>();
    for (Engine engine : Engine.values()) {
      results.add(run(engine, root.resolve(engine.name()), server, users, turns));
    }
    System.out.println();
    System.out.printf(
        "TurnBench: %d users, %d turns each; one tool call + final answer per turn%n",
        users, turns);
    for (Result r : results) {
      print(r);
    }
    if (results.size() == 2) {
      double h2 = Stats.median(overheads(results.get(0).concurrent()));
      double pg = Stats.median(overheads(results.get(1).concurrent()));
      System.out.printf(
          "ratio PostgreSQL/H2 overhead p50 at %d users: %.2f%n", results.get(0).users(), pg / h2);
    }
    System.exit(0);
  }

  private static Result run(Engine engine, Path root, Path server, int users, int turns)
      throws Exception {
    try (TestDb db = TestDatabases.migrated(engine)) {
      KeyRing keys = KeyRing.of("bench", List.of(KeyRing.generateKey()));
      // the echo tool is listed as safe: the approval gate runs on every call and lets it through
      // (a read-only tool's path), as it would for a server the admin marked so
      ServerDefinition def =
          new StdioServer(
              "echo",
              "node",
              List.of(server.toString()),
              Map.of(),
              new ServerOptions(
                  "",
                  List.of(),
                  null,
                  null,
                  null,
                  List.of(),
                  null,
                  new ApprovalPolicy(ApprovalPolicy.Mode.WRITES, List.of("echo"))));
      db.store().servers().insert("echo", "tiny echo", ServersConfig.toJson(def), false);
      ServerDirectory directory = new ServerDirectory(db.store());
      try (SessionPool pool =
          new SessionPool(
              PoolConfig.builder(root).caps(users * 2, 10, Duration.ofSeconds(30)).build(),
              new StoreServerSource(db.store(), keys, directory),
              BenchEnv.botEnv())) {
        UserServers userServers = new UserServers(db.store(), keys, pool, directory);
        List<String> ids = new ArrayList<>();
        for (int u = 0; u < users; u++) {
          String id = String.format("UBENCH%04d", u);
          ids.add(id);
          userServers.ensureUser(id, null);
          userServers.enable(id, "echo");
        }
        Agent agent =
            new Agent(db.store(), pool, new ZeroLatencyModel(), AgentConfig.defaults("zero"));
        // warm-up: every user's session started, JIT warm, histories at their budget
        concurrently(agent, ids, 25);
        List<Sample> sequential = new ArrayList<>();
        for (int i = 0; i < Math.max(200, users * 4); i++) {
          sequential.add(turn(agent, ids.get(i % ids.size())));
        }
        long t0 = System.nanoTime();
        List<Sample> concurrent = concurrently(agent, ids, turns);
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Result(engine, sequential, concurrent, wall, users);
      }
    }
  }

  private static List<Sample> concurrently(Agent agent, List<String> ids, int turns)
      throws Exception {
    List<Sample> all = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String id : ids) {
        futures.add(
            exec.submit(
                () -> {
                  for (int t = 0; t < turns; t++) {
                    all.add(turn(agent, id));
                  }
                }));
      }
    }
    for (Future<?> f : futures) {
      f.get();
    }
    return all;
  }

  private static Sample turn(Agent agent, String user) {
    ToolClock tools = new ToolClock();
    ZeroLatencyModel.NANOS.set(0L);
    long t0 = System.nanoTime();
    TurnResult r = agent.run(new TurnInput(user, "DBENCH", "thread", "echo please"), tools);
    long total = System.nanoTime() - t0;
    if (r.toolCalls() != 1 || !r.answer().equals("done: hi")) {
      throw new IllegalStateException("unexpected turn: " + r);
    }
    double provider = ZeroLatencyModel.NANOS.get() / 1e6;
    double tool = tools.nanos / 1e6;
    double turn = total / 1e6;
    return new Sample(turn, turn - provider - tool, tool);
  }

  /** Sums the tool calls' own time (one call per turn here, on another thread). */
  private static final class ToolClock implements TurnListener {
    volatile long nanos;

    @Override
    public void toolFinished(String server, String tool, boolean ok, Duration took) {
      if (!ok) {
        throw new IllegalStateException("tool failed");
      }
      nanos += took.toNanos();
    }
  }

  /** Answers at once: a tool call when the user spoke last, the tool's text after it. */
  private static final class ZeroLatencyModel implements LlmProvider {
    static final ThreadLocal<Long> NANOS = ThreadLocal.withInitial(() -> 0L);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
        new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public ChatResponse chat(ChatRequest request) {
      long t0 = System.nanoTime();
      ChatResponse out;
      if (request.messages().getLast() instanceof ChatMessage.ToolResult r) {
        out = new ChatResponse("done: " + r.content(), List.of(), StopReason.END, TokenUsage.NONE);
      } else {
        ToolCall call =
            new ToolCall("c" + t0, "echo__echo", JSON.createObjectNode().put("text", "hi"));
        out = new ChatResponse(null, List.of(call), StopReason.TOOL_USE, TokenUsage.NONE);
      }
      NANOS.set(NANOS.get() + System.nanoTime() - t0);
      return out;
    }

    @Override
    public String name() {
      return "zero-latency";
    }
  }

  private static void print(Result r) {
    System.out.printf("%n[%s]%n", r.engine());
    line("1 turn at a time", r.sequential());
    line(r.users() + " users at once", r.concurrent());
    System.out.printf(
        "  throughput at %d users: %.0f turns/s (%d turns in %.2f s)%n",
        r.users(),
        r.concurrent().size() / r.concurrentWallS(),
        r.concurrent().size(),
        r.concurrentWallS());
  }

  private static void line(String label, List<Sample> s) {
    List<Double> over = overheads(s);
    List<Double> tool = s.stream().map(Sample::toolMs).toList();
    List<Double> turn = s.stream().map(Sample::turnMs).toList();
    System.out.printf(
        "  %-18s overhead p50 %s p99 %s | tool call (peer) p50 %s p99 %s | turn p50 %s"
            + " | overhead/tool p50 %.1fx%n",
        label,
        Stats.fmt(Stats.median(over)),
        Stats.fmt(Stats.pct(over, 99)),
        Stats.fmt(Stats.median(tool)),
        Stats.fmt(Stats.pct(tool, 99)),
        Stats.fmt(Stats.median(turn)),
        Stats.median(over) / Stats.median(tool));
  }

  private static List<Double> overheads(List<Sample> s) {
    return s.stream().map(Sample::overheadMs).toList();
  }

  /** The tiny node MCP server from the core test resources, written out as a file. */
  private static Path tinyServer(Path root) {
    try (InputStream in = TurnBench.class.getResourceAsStream("/tiny-mcp-server.js")) {
      if (in == null) {
        throw new IllegalStateException("tiny-mcp-server.js not on the classpath (core test-jar)");
      }
      Path file = root.resolve("tiny-mcp-server.js");
      Files.write(file, in.readAllBytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
