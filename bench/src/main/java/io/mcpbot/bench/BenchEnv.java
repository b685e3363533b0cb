package io.mcpbot.bench;

import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.UserServer;
import io.mcpbot.core.mcp.UserServerSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Shared setup for the MCP benchmarks: repo root, npm servers, a minimal bot env. */
final class BenchEnv {
  private BenchEnv() {}

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("testing/package.json"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("run from inside the repository (testing/package.json)");
    }
    return p;
  }

  static String bin(String pkg) {
    return root().resolve("testing/node_modules").resolve(pkg).resolve("dist/index.js").toString();
  }

  static StdioServer node(String name, List<String> args, Map<String, String> env) {
    return new StdioServer(name, "node", args, env, ServerOptions.NONE);
  }

  static StdioServer everything() {
    return node(
        "everything", List.of(bin("@modelcontextprotocol/server-everything"), "stdio"), Map.of());
  }

  /** everything, memory and filesystem: a user's first turn with three reference servers. */
  static List<ServerDefinition> threeReferenceServers(Path root) {
    return List.of(
        everything(),
        node(
            "memory",
            List.of(bin("@modelcontextprotocol/server-memory")),
            Map.of("MEMORY_FILE_PATH", root + "/${user_id}/memory.jsonl")),
        node(
            "fs",
            List.of(bin("@modelcontextprotocol/server-filesystem"), root + "/${user_id}"),
            Map.of()));
  }

  /** The bench is a launcher like the CLI: it hands the pool the host's PATH/HOME only. */
  static Function<String, String> botEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getProperty("user.home"));
    return env::get;
  }

  static UserServerSource source(Map<String, List<UserServer>> byUser) {
    return u -> byUser.getOrDefault(u, List.of());
  }

  static Path tempRoot() {
    try {
      return Files.createTempDirectory("mcpbench");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static long descendants() {
    return ProcessHandle.current().descendants().count();
  }

  static int fds() {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return (int) s.count();
    } catch (IOException e) {
      return -1;
    }
  }

  static int threads() {
    return Thread.getAllStackTraces().size();
  }

  static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Resident memory in KiB of every descendant process. */
  static long childrenRssKb() {
    return ProcessHandle.current()
        .descendants()
        .mapToLong(
            h -> {
              try {
                for (String l : Files.readAllLines(Path.of("/proc/" + h.pid() + "/status"))) {
                  if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                  }
                }
              } catch (IOException | RuntimeException e) {
                // process ended meanwhile
              }
              return 0;
            })
        .sum();
  }
}
