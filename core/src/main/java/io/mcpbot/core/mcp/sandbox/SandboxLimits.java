package io.mcpbot.core.mcp.sandbox;

/**
 * Resource limits for one sandboxed session, applied with {@code prlimit} inside the sandbox (as
 * soft = hard limits, which the server cannot raise). Immutable.
 *
 * <ul>
 *   <li>{@code memoryBytes}: RLIMIT_DATA per process (heap, anonymous and writable private
 *       mappings). Not RLIMIT_AS: V8 reserves tens of GiB of address space it never touches and
 *       node aborts at start under any useful RLIMIT_AS; RLIMIT_DATA only counts writable memory.
 *   <li>{@code processes}: RLIMIT_NPROC (processes and threads). Since Linux 5.14 it is counted per
 *       user namespace, so with the sandbox's own user namespace it caps this session alone; a node
 *       server uses ~11 threads, npx about three node processes. Without a user namespace (root
 *       fallback) root is exempt from it.
 *   <li>{@code openFiles}: RLIMIT_NOFILE; node raises its soft limit to the hard one at start.
 *   <li>{@code fileSizeBytes}: RLIMIT_FSIZE, the largest file a server may write (SQLite, memory).
 * </ul>
 */
public record SandboxLimits(long memoryBytes, int processes, int openFiles, long fileSizeBytes) {
  private static final long MIB = 1024L * 1024;

  /** Measured to let the reference servers, npx installs and a JVM server run (see the bench). */
  public static final SandboxLimits DEFAULTS = new SandboxLimits(2048 * MIB, 256, 4096, 1024 * MIB);

  public SandboxLimits {
    if (memoryBytes < 64 * MIB) {
      throw new IllegalArgumentException("memory limit must be at least 64 MiB");
    }
    if (processes < 8) {
      throw new IllegalArgumentException("process limit must be at least 8");
    }
    if (openFiles < 64) {
      throw new IllegalArgumentException("open files limit must be at least 64");
    }
    if (fileSizeBytes < MIB) {
      throw new IllegalArgumentException("file size limit must be at least 1 MiB");
    }
  }

  /** The {@code prlimit} options setting these limits (soft and hard). */
  java.util.List<String> prlimitOptions() {
    return java.util.List.of(
        "--data=" + memoryBytes,
        "--nproc=" + processes,
        "--nofile=" + openFiles,
        "--fsize=" + fileSizeBytes);
  }
}
