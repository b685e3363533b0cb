package io.mcpbot.bench;

import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.mcp.UserServer;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.mcp.sandbox.SandboxMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's first turn with three servers (everything, memory, filesystem) through the pool: spawn
 * in parallel until every tool list is in, each server in its own bubblewrap sandbox vs
 * unsandboxed, alternating which goes first, after warm-up: p50, p99 and the ratio; RSS per live
 * session either way. Args: rounds, warm-up rounds.
 */
public final class SandboxFirstTurnBench {
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path root = BenchEnv.tempRoot();
    List<ServerDefinition> defs = BenchEnv.threeReferenceServers(root);
    Sandbox bwrap = Sandbox.detect(SandboxMode.BWRAP);
    System.out.println(bwrap.status().readyLine());
    Map<String, List<UserServer>> byUser = new HashMap<>();
    List<UserServer> three = defs.stream().map(d -> new UserServer(d, Map.of())).toList();
    List<Double> boxed = new ArrayList<>();
    List<Double> plain = new ArrayList<>();
    List<Double> boxedRss = new ArrayList<>();
    List<Double> plainRss = new ArrayList<>();
    try (var inBox = pool(root, bwrap, byUser);
        var bare = pool(root, Sandbox.off(), byUser)) {
      for (int r = 0; r < warmup + rounds; r++) {
        boolean keep = r >= warmup;
        // which goes first alternates, so neither always runs right after the other's close
        for (int k = 0; k < 2; k++) {
          if ((r + k) % 2 == 0) {
            once(inBox, "UBOX" + r, three, byUser, keep ? boxed : null, keep ? boxedRss : null);
          } else {
            once(bare, "UBARE" + r, three, byUser, keep ? plain : null, keep ? plainRss : null);
          }
        }
      }
    }
    if (BenchEnv.descendants() != 0) {
      throw new IllegalStateException("a process outlived its session");
    }
    System.out.printf(
        "first turn, 3 servers started in parallel until tools listed, %d rounds%n", rounds);
    System.out.printf("  bubblewrap: %s%n", Stats.p50p99(boxed));
    System.out.printf("  no sandbox: %s%n", Stats.p50p99(plain));
    System.out.printf("  ratio sandbox/plain: %s%n", Stats.ratio(boxed, plain));
    System.out.printf(
        "  RSS per session (processes of 3 live sessions / 3): bubblewrap %.1f MiB, no sandbox %.1f"
            + " MiB%n",
        Stats.median(boxedRss), Stats.median(plainRss));
  }

  private static SessionPool pool(
      Path root, Sandbox sandbox, Map<String, List<UserServer>> byUser) {
    return new SessionPool(
        PoolConfig.builder(root).sandbox(sandbox).build(),
        BenchEnv.source(byUser),
        BenchEnv.botEnv());
  }

  private static void once(
      SessionPool pool,
      String user,
      List<UserServer> servers,
      Map<String, List<UserServer>> byUser,
      List<Double> times,
      List<Double> rss) {
    byUser.put(user, servers);
    long s = System.nanoTime();
    ToolCatalog c = pool.catalog(user);
    double ms = (System.nanoTime() - s) / 1e6;
    if (!c.problems().isEmpty()
        || c.tools().stream().map(t -> t.server()).distinct().count() != 3) {
      throw new IllegalStateException("start failed: " + c.problems());
    }
    if (times != null) {
      times.add(ms);
      rss.add(BenchEnv.childrenRssKb() / 1024.0 / 3);
    }
    pool.invalidateUser(user);
  }
}
