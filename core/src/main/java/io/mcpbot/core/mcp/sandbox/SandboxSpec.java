package io.mcpbot.core.mcp.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one sandboxed server process may see and do: its user's directory (the only writable place
 * and the only visible part of the data root), HOME inside it, read-only paths (the command and the
 * files its args name, plus configured extras), extra writable paths inside the user's directory,
 * network on or off, and limits. Immutable; every path absolute and normalized, none null.
 */
public record SandboxSpec(
    Path userDir,
    Path home,
    List<Path> readOnly,
    List<Path> writable,
    boolean network,
    SandboxLimits limits) {

  public SandboxSpec {
    userDir = absolute(userDir, "userDir");
    home = absolute(home, "home");
    if (!home.startsWith(userDir)) {
      throw new IllegalArgumentException("HOME " + home + " must be inside " + userDir);
    }
    readOnly = readOnly.stream().map(p -> absolute(p, "read-only path")).distinct().toList();
    writable = writable.stream().map(p -> absolute(p, "writable path")).distinct().toList();
    for (Path p : readOnly) {
      if (userDir.startsWith(p)) {
        throw new IllegalArgumentException(
            "read-only path "
                + p
                + " contains the user's directory (and so other users' data); name a narrower"
                + " path");
      }
    }
    for (Path p : writable) {
      if (!p.startsWith(userDir)) {
        throw new IllegalArgumentException(
            "writable path " + p + " must be inside the user's directory " + userDir);
      }
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits must not be null");
    }
  }

  /**
   * The spec for a server started as {@code command args} for the user owning {@code userDir}: HOME
   * is {@code <userDir>/.home}; the executable (found on {@code pathEnv}) and the files the args
   * name are read-only (see {@link CommandPaths}); the policy adds its paths, network switch and
   * limits. {@code policy} relative writable paths resolve against {@code userDir}.
   */
  public static SandboxSpec forServer(
      Path userDir, String command, List<String> args, String pathEnv, SandboxPolicy policy) {
    Path dir = absolute(userDir, "userDir");
    List<Path> ro = new ArrayList<>(CommandPaths.of(command, args, pathEnv, dir));
    ro.addAll(policy.readOnly().stream().map(Path::of).toList());
    List<Path> rw = policy.writable().stream().map(w -> dir.resolve(w).normalize()).toList();
    return new SandboxSpec(dir, dir.resolve(".home"), ro, rw, policy.network(), policy.limits());
  }

  private static Path absolute(Path p, String what) {
    if (p == null || !p.isAbsolute()) {
      throw new IllegalArgumentException(what + " must be an absolute path (got " + p + ")");
    }
    return p.normalize();
  }
}
