package io.mcpbot.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Samples, every 50 ms until closed, which of two replicas runs the MCP processes of the user whose
 * directory is {@code home}: the pids seen on each, and every moment both ran one (a user's servers
 * belong on one replica). Thread-safe.
 */
final class Placement implements AutoCloseable {
  final Set<Long> seenOnA = ConcurrentHashMap.newKeySet();
  final Set<Long> seenOnB = ConcurrentHashMap.newKeySet();
  final Set<String> onBothAtOnce = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

  Placement(ReplicaProcess a, ReplicaProcess b, Path home) {
    sampler.scheduleWithFixedDelay(
        () -> {
          List<ProcessHandle> onA = a.serversOf(home);
          List<ProcessHandle> onB = b.serversOf(home);
          onA.forEach(p -> seenOnA.add(p.pid()));
          onB.forEach(p -> seenOnB.add(p.pid()));
          if (!onA.isEmpty() && !onB.isEmpty()) {
            onBothAtOnce.add("A " + pids(onA) + ", B " + pids(onB));
          }
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
  }

  private static String pids(List<ProcessHandle> processes) {
    return processes.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(","));
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    try {
      sampler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
