package io.mcpbot.bench;

import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.UserServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (c) Churn: 500 simulated users with 2 servers each (server-memory + a minimal node server) under
 * a global cap of 50. Checks live processes never exceed the cap, and that threads, fds and heap
 * return to baseline; reports memory per live session.
 */
public final class ChurnBench {
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int cap = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    Path root = BenchEnv.tempRoot();
    Path tiny = BenchEnv.root().resolve("core/src/test/resources/tiny-mcp-server.js");
    ServerDefinition a =
        BenchEnv.node(
            "memory",
            List.of(BenchEnv.bin("@modelcontextprotocol/server-memory")),
            Map.of("MEMORY_FILE_PATH", root + "/${user_id}/memory.jsonl"));
    ServerDefinition b = BenchEnv.node("tiny", List.of(tiny.toString()), Map.of());
    Map<String, List<UserServer>> byUser = new ConcurrentHashMap<>();
    for (int i = 0; i < users; i++) {
      byUser.put(
          String.format("UCHURN%04d", i),
          List.of(new UserServer(a, Map.of()), new UserServer(b, Map.of())));
    }
    PoolConfig cfg = PoolConfig.builder(root).caps(cap, 2, Duration.ofSeconds(60)).build();
    // warm-up pool so class loading and JDK pools are in the baseline
    try (var warm = new SessionPool(cfg, BenchEnv.source(byUser), BenchEnv.botEnv())) {
      warm.catalog("UCHURN0000");
    }
    Thread.sleep(2000);
    int threads0 = BenchEnv.threads();
    int fds0 = BenchEnv.fds();
    long heap0 = BenchEnv.usedHeap();
    AtomicInteger maxProcs = new AtomicInteger();
    AtomicInteger maxLive = new AtomicInteger();
    AtomicLong heapAtCap = new AtomicLong();
    AtomicLong rssAtCap = new AtomicLong();
    AtomicInteger liveAtSample = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    long t0 = System.nanoTime();
    try (var pool = new SessionPool(cfg, BenchEnv.source(byUser), BenchEnv.botEnv())) {
      Thread sampler =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (!done.get()) {
                      int procs = (int) BenchEnv.descendants();
                      maxProcs.accumulateAndGet(procs, Math::max);
                      int live = pool.stats().liveSessions();
                      maxLive.accumulateAndGet(live, Math::max);
                      if (live == cap && rssAtCap.get() == 0) {
                        rssAtCap.set(BenchEnv.childrenRssKb());
                        liveAtSample.set(procs);
                      }
                      try {
                        Thread.sleep(5);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      AtomicInteger next = new AtomicInteger();
      List<Thread> ts = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        ts.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      int i;
                      while ((i = next.getAndIncrement()) < users) {
                        String u = String.format("UCHURN%04d", i);
                        var cat = pool.catalog(u);
                        if (!cat.problems().isEmpty()) {
                          errors.incrementAndGet();
                          continue;
                        }
                        if (pool.call(u, cat.find("tiny__echo").orElseThrow(), Map.of("text", "hi"))
                                .isError()
                            || pool.call(u, cat.find("memory__read_graph").orElseThrow(), Map.of())
                                .isError()) {
                          errors.incrementAndGet();
                        }
                      }
                    }));
      }
      for (Thread t : ts) {
        t.join();
      }
      heapAtCap.set(BenchEnv.usedHeap());
      int liveEnd = pool.stats().liveSessions();
      done.set(true);
      sampler.join();
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "churn %d users x 2 servers, cap %d, %d workers: %.1f s, errors %d%n",
          users, cap, workers, secs, errors.get());
      System.out.printf(
          "  max live sessions %d, max child processes %d (cap %d) -> %s%n",
          maxLive.get(),
          maxProcs.get(),
          cap,
          maxProcs.get() <= cap ? "never exceeded" : "EXCEEDED");
      System.out.printf(
          "  memory per live session: JVM heap %.0f KiB, child RSS %.0f KiB (at %d live)%n",
          (heapAtCap.get() - heap0) / 1024.0 / Math.max(1, liveEnd),
          rssAtCap.get() / (double) Math.max(1, liveAtSample.get()),
          liveAtSample.get());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    int threads1, fds1;
    long heap1;
    do {
      Thread.sleep(500);
      threads1 = BenchEnv.threads();
      fds1 = BenchEnv.fds();
      heap1 = BenchEnv.usedHeap();
    } while ((threads1 > threads0 || fds1 > fds0) && System.nanoTime() < deadline);
    System.out.printf(
        "  after close: processes %d | threads %d -> %d | fds %d -> %d | heap %.1f MiB -> %.1f MiB%n",
        BenchEnv.descendants(),
        threads0,
        threads1,
        fds0,
        fds1,
        heap0 / 1048576.0,
        heap1 / 1048576.0);
  }
}
