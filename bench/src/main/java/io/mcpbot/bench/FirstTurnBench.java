package io.mcpbot.bench;

import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.mcp.UserServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * (b) A user's first turn with three servers (everything, memory, filesystem): the pool starts them
 * in parallel; compared with the sum of starting each alone. Medians over rounds.
 */
public final class FirstTurnBench {
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Path root = BenchEnv.tempRoot();
    List<ServerDefinition> defs = BenchEnv.threeReferenceServers(root);
    Map<String, List<UserServer>> byUser = new HashMap<>();
    try (var pool =
        new SessionPool(PoolConfig.defaults(root), BenchEnv.source(byUser), BenchEnv.botEnv())) {
      // warm the JVM paths once (not measured)
      byUser.put("UWARM0", defs.stream().map(d -> new UserServer(d, Map.of())).toList());
      pool.catalog("UWARM0");
      pool.invalidateUser("UWARM0");
      List<Double> parallel = new ArrayList<>();
      List<Double> sequentialSum = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        double sum = 0;
        for (int i = 0; i < defs.size(); i++) {
          String u = "USEQ" + r + "X" + i;
          byUser.put(u, List.of(new UserServer(defs.get(i), Map.of())));
          long s = System.nanoTime();
          ToolCatalog c = pool.catalog(u);
          sum += (System.nanoTime() - s) / 1e6;
          check(c, 1);
          pool.invalidateUser(u);
        }
        sequentialSum.add(sum);
        String u = "UPAR" + r;
        byUser.put(u, defs.stream().map(d -> new UserServer(d, Map.of())).toList());
        long s = System.nanoTime();
        ToolCatalog c = pool.catalog(u);
        parallel.add((System.nanoTime() - s) / 1e6);
        check(c, 3);
        pool.invalidateUser(u);
      }
      double p = Stats.median(parallel), q = Stats.median(sequentialSum);
      System.out.printf(
          "first turn, 3 servers (%d rounds): parallel median %.0f ms | sum of 3 single starts median %.0f ms | ratio parallel/sum %.2f%n",
          rounds, p, q, p / q);
    }
  }

  private static void check(ToolCatalog c, int servers) {
    if (!c.problems().isEmpty()
        || c.tools().stream().map(t -> t.server()).distinct().count() != servers) {
      throw new IllegalStateException("start failed: " + c.problems());
    }
  }
}
