package io.mcpbot.core.mcp.sandbox;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Runs each MCP server process in its own bubblewrap sandbox (or not, per {@link SandboxMode}).
 * {@link #detect} probes bubblewrap once; {@link #wrap} turns a server command into the argv that
 * starts it sandboxed. Immutable and thread-safe after detection.
 *
 * <p>Guarantees when active: new PID, IPC, UTS and cgroup namespaces (and a user namespace when the
 * kernel allows one), a private /tmp and /proc, the system read-only, only the needed parts of
 * /etc, the user's directory as the only writable and the only visible part of the data root, HOME
 * inside it, limits applied with prlimit, and the whole PID namespace killed with the session. It
 * shares one kernel with the bot: it is not a VM.
 */
public final class Sandbox {
  /** Where Debian and most distributions install bubblewrap. */
  public static final Path DEFAULT_BWRAP = Path.of("/usr/bin/bwrap");

  private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
  private static final Sandbox OFF =
      new Sandbox(
          null,
          new SandboxStatus(SandboxStatus.Kind.NONE, SandboxMode.OFF, "off", Optional.empty()));

  private final BwrapArgs args;
  private final SandboxStatus status;

  private Sandbox(BwrapArgs args, SandboxStatus status) {
    this.args = args;
    this.status = status;
  }

  /** No sandbox ({@code MCP_SANDBOX=off}): servers start as they are. */
  public static Sandbox off() {
    return OFF;
  }

  /**
   * {@code detect(AUTO)} probed once per JVM and shared: the default of a pool configured without
   * an explicit sandbox, so every pool sandboxes where bubblewrap works.
   */
  public static Sandbox autoDetected() {
    return AutoHolder.AUTO;
  }

  private static final class AutoHolder {
    static final Sandbox AUTO = detect(SandboxMode.AUTO);
  }

  /** Detects with bubblewrap at {@link #DEFAULT_BWRAP}. */
  public static Sandbox detect(SandboxMode mode) {
    return detect(mode, DEFAULT_BWRAP);
  }

  /**
   * Probes {@code bwrap} by starting a real sandbox around {@code true}. {@code AUTO} falls back to
   * no sandbox with a warning in {@link #status()}; {@code BWRAP} throws {@link SandboxException}
   * naming what is missing and the fix; {@code OFF} never probes.
   */
  public static Sandbox detect(SandboxMode mode, Path bwrap) {
    if (mode == SandboxMode.OFF) {
      return OFF;
    }
    BwrapProbe.Result r = BwrapProbe.run(bwrap, PRLIMIT);
    if (r.works()) {
      List<String> notes = new ArrayList<>();
      if (r.root()) {
        notes.add(
            "the bot runs as root: the kernel exempts root from the process limit (RLIMIT_NPROC);"
                + " run the bot as an unprivileged user to enforce it");
      }
      if (r.prlimit() == null) {
        notes.add(
            "prlimit not found at "
                + PRLIMIT
                + ": limits are not applied; install util-linux (apt-get install util-linux)");
      }
      String detail =
          "bubblewrap "
              + r.version()
              + (r.userNamespace() ? " (user namespace)" : " (no user namespace)")
              + (r.prlimit() != null ? ", limits via prlimit" : "");
      return new Sandbox(
          new BwrapArgs(bwrap, r.userNamespace(), r.prlimit()),
          new SandboxStatus(
              SandboxStatus.Kind.BWRAP,
              mode,
              detail,
              notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes))));
    }
    if (mode == SandboxMode.BWRAP) {
      throw new SandboxException("MCP_SANDBOX=bwrap but " + r.problem());
    }
    return new Sandbox(
        null,
        new SandboxStatus(
            SandboxStatus.Kind.NONE,
            mode,
            "none",
            Optional.of(
                "MCP servers run WITHOUT a sandbox: "
                    + r.problem()
                    + " Set MCP_SANDBOX=off to silence this, or MCP_SANDBOX=bwrap to refuse to"
                    + " start without it.")));
  }

  public SandboxStatus status() {
    return status;
  }

  public boolean active() {
    return status.active();
  }

  /**
   * The argv starting {@code command} inside the sandbox described by {@code spec}, or {@code
   * command} unchanged when no sandbox is active. Creates HOME and the writable paths (0700) inside
   * the user's directory. Throws {@link SandboxException} when a read-only path does not exist.
   */
  public List<String> wrap(SandboxSpec spec, List<String> command) {
    if (args == null) {
      return List.copyOf(command);
    }
    mkdirs(spec.home());
    spec.writable().forEach(Sandbox::mkdirs);
    return List.copyOf(args.build(spec, command));
  }

  /**
   * The launcher for {@code StdioTransport}: {@code cmd -> wrap(spec, cmd)} when a sandbox is
   * active, null otherwise (so the transport keeps its unsandboxed process-tree kill).
   */
  public UnaryOperator<List<String>> launcher(SandboxSpec spec) {
    return args == null ? null : cmd -> wrap(spec, cmd);
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      // made by an earlier start
    } catch (IOException e) {
      throw new SandboxException("cannot create " + dir + " for the sandbox: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Sandbox[" + status.readyLine() + "]";
  }
}
