package io.mcpbot.cli;

import io.mcpbot.core.mcp.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code mcpbot run} as its own JVM (test classpath, cleared environment, stdout and stderr in
 * files under its own directory), and the MCP server processes it started. Linux only: a server's
 * user is read from its working directory in /proc.
 */
final class ReplicaProcess implements AutoCloseable {
  private final String name;
  private final Path dir;
  private final Process process;

  private ReplicaProcess(String name, Path dir, Process process) {
    this.name = name;
    this.dir = dir;
    this.process = process;
  }

  /** Starts {@code mcpbot run} with exactly {@code env} (plus HOME), working in {@code dir}. */
  static ReplicaProcess start(String name, Path dir, Map<String, String> env) throws IOException {
    return new ReplicaProcess(name, dir, runCommand(dir, env, 5).start());
  }

  /**
   * {@code mcpbot run --shutdown-grace graceSeconds} as a child JVM on the test classpath with
   * exactly {@code env} (plus HOME = {@code dir}), working in {@code dir} (no stray .env), stdout
   * and stderr to {@code stdout.txt} and {@code stderr.txt} there.
   */
  static ProcessBuilder runCommand(Path dir, Map<String, String> env, int graceSeconds)
      throws IOException {
    Files.createDirectories(dir);
    ProcessBuilder pb =
        new ProcessBuilder(
            Fixtures.JAVA,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dlogback.configurationFile="
                + Path.of("src/main/resources/logback.xml").toAbsolutePath(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "--shutdown-grace",
            Integer.toString(graceSeconds));
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().put("HOME", dir.toString());
    pb.directory(dir.toFile());
    pb.redirectOutput(dir.resolve("stdout.txt").toFile());
    pb.redirectError(dir.resolve("stderr.txt").toFile());
    return pb;
  }

  @Override
  public String toString() {
    return "replica " + name;
  }

  /**
   * The MCP server processes this replica runs now for the user whose directory is {@code home}.
   */
  List<ProcessHandle> serversOf(Path home) {
    return process
        .descendants()
        .filter(p -> workingDirectory(p).equals(Optional.of(home)))
        .toList();
  }

  private static Optional<Path> workingDirectory(ProcessHandle p) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty(); // gone already
    }
  }

  /** The environment {@code p} was started with, as NAME=value strings (Linux /proc). */
  static List<String> environ(ProcessHandle p) throws IOException {
    String raw = Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"));
    return List.of(raw.split("\0"));
  }

  /** The last lines of its stderr, for failure messages. */
  String stderrTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
      return "---- replica "
          + name
          + " stderr ----\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(replica " + name + " stderr unreadable: " + e + ")";
    }
  }

  /** SIGKILL, as a crash or an OOM kill: no shutdown hook runs, its MCP processes are orphaned. */
  void kill() throws InterruptedException {
    List<ProcessHandle> servers = process.descendants().toList();
    process.destroyForcibly();
    process.waitFor();
    servers.forEach(ProcessHandle::destroyForcibly);
  }

  /** SIGTERM, then SIGKILL if it does not exit; its MCP processes are ended either way. */
  @Override
  public void close() {
    List<ProcessHandle> servers = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      servers.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
