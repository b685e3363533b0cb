package io.mcpbot.core.mcp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Ends a process and all its descendants: SIGTERM, grace period, SIGKILL. Stateless. */
public final class ProcessTree {
  private ProcessTree() {}

  /**
   * Kills {@code root} and every descendant, returning once all are gone or {@code grace} plus a
   * short bound for SIGKILL elapsed. Descendants are listed before signalling because an orphan is
   * re-parented and no longer findable from its dead parent.
   */
  public static void kill(ProcessHandle root, Duration grace) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(root);
    root.descendants().forEach(all::add);
    all.forEach(ProcessHandle::destroy);
    await(all, grace);
    // a child may have forked while we signalled: catch late descendants too
    root.descendants().forEach(all::add);
    List<ProcessHandle> survivors = all.stream().filter(ProcessHandle::isAlive).toList();
    if (!survivors.isEmpty()) {
      survivors.forEach(ProcessHandle::destroyForcibly);
      await(survivors, Duration.ofSeconds(5));
    }
  }

  /**
   * Ends a sandbox whose first process {@code sandbox} (bubblewrap, started with {@code
   * --unshare-pid --die-with-parent}) is the parent of a PID namespace. The processes inside get
   * SIGTERM and {@code grace} to exit; then the sandbox and what was inside get SIGKILL. SIGKILL of
   * the namespace's init (sent from this, an ancestor namespace, it cannot be ignored) kills, by
   * the kernel, every process in the namespace however it detached (setsid, double fork). The init
   * is killed directly rather than through its parent-death signal: bubblewrap arms that signal
   * only once it has set the namespace up, so a sandbox ended young would leave it running.
   */
  public static void killNamespace(ProcessHandle sandbox, Duration grace) {
    List<ProcessHandle> inside = sandbox.descendants().toList();
    inside.forEach(ProcessHandle::destroy);
    awaitExit(List.of(sandbox), grace);
    inside.forEach(ProcessHandle::destroyForcibly);
    sandbox.destroyForcibly();
    List<ProcessHandle> all = new ArrayList<>(inside);
    all.add(sandbox);
    awaitExit(all, Duration.ofSeconds(5));
  }

  /**
   * Like {@link #await} but a zombie counts as gone: the namespace's init, orphaned when bubblewrap
   * exits, is reaped by the host's PID 1, which may take a second; it holds nothing but its pid.
   */
  private static void awaitExit(List<ProcessHandle> handles, Duration bound) {
    poll(handles, bound, ProcessTree::running);
  }

  private static boolean running(ProcessHandle h) {
    if (!h.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return false; // gone meanwhile
    }
  }

  // Polls rather than using onExit: onExit of a non-child process parks a JDK reaper thread.
  private static void await(List<ProcessHandle> handles, Duration bound) {
    poll(handles, bound, ProcessHandle::isAlive);
  }

  private static void poll(
      List<ProcessHandle> handles, Duration bound, Predicate<ProcessHandle> running) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (handles.stream().anyMatch(running) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
