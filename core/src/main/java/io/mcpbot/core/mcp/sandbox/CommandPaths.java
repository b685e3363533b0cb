package io.mcpbot.core.mcp.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host paths a server command legitimately needs to read: its executable (with its install
 * prefix when it lives outside the system directories, e.g. a node under /opt/node/bin), and the
 * files its args name (a script, plus the package.json and node_modules a script resolves from).
 * Directories named by args are not exposed unless they are a node_modules or inside one, or an
 * entry of a JVM class path ({@code -cp a.jar:classes}): a bare directory may be the bot's working
 * directory, so extra directories are configured explicitly. Nothing that contains the user's
 * directory (and so the whole data root) is ever exposed. Callers pass the args as the operator
 * configured them (before credentials are substituted), so a user's credential can never name a
 * path to expose. Stateless.
 */
final class CommandPaths {
  static final List<Path> SYSTEM = List.of(Path.of("/usr"), Path.of("/bin"), Path.of("/lib"));
  // never exposed through an arg: kernel views, secrets mounts, the whole of /etc
  private static final List<Path> NEVER =
      List.of(
          Path.of("/proc"),
          Path.of("/sys"),
          Path.of("/dev"),
          Path.of("/run"),
          Path.of("/var/run"),
          Path.of("/etc"));

  private static final Set<String> CLASS_PATH = Set.of("-cp", "-classpath", "--class-path");

  private CommandPaths() {}

  static List<Path> of(String command, List<String> args, String pathEnv, Path userDir) {
    Set<Path> out = new LinkedHashSet<>();
    executable(command, pathEnv).ifPresent(exe -> addExecutable(exe, out));
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (CLASS_PATH.contains(arg) && i + 1 < args.size()) {
        addClassPath(args.get(++i), out);
        continue;
      }
      int eq = arg.indexOf('=');
      for (String v : eq > 0 ? List.of(arg, arg.substring(eq + 1)) : List.of(arg)) {
        addArg(v, out);
      }
    }
    out.removeIf(
        p ->
            p.startsWith(userDir)
                || userDir.startsWith(p)
                || SYSTEM.stream().anyMatch(p::startsWith)
                || NEVER.stream().anyMatch(p::startsWith)
                || p.getNameCount() == 0);
    return List.copyOf(out);
  }

  static java.util.Optional<Path> executable(String command, String pathEnv) {
    if (command.contains("/")) {
      Path p = Path.of(command).toAbsolutePath().normalize();
      return Files.isRegularFile(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
    }
    for (String dir : (pathEnv == null ? "" : pathEnv).split(":")) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, command);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return java.util.Optional.of(p.toAbsolutePath().normalize());
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static void addExecutable(Path exe, Set<Path> out) {
    for (Path p : withRealPath(exe)) {
      Path dir = p.getParent();
      // a bin/ folder outside /usr is an install prefix (nvm, /opt/node): its lib/ is needed too
      if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("bin")) {
        Path prefix = dir.getParent();
        if (prefix != null && prefix.getNameCount() >= 2) {
          out.add(prefix);
          continue;
        }
      }
      out.add(p);
    }
  }

  private static void addArg(String value, Set<Path> out) {
    if (value.isEmpty() || value.startsWith("-") || value.indexOf('\u0000') >= 0) {
      return;
    }
    Path p;
    try {
      p = Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return;
    }
    if (!Files.exists(p)) {
      return;
    }
    Path nodeModules = outermostNodeModules(p);
    if (nodeModules != null) {
      out.addAll(withRealPath(nodeModules));
    } else if (Files.isRegularFile(p)) {
      out.addAll(withRealPath(p));
      addNearest(p.getParent(), "package.json", out);
      addNearest(p.getParent(), "node_modules", out);
    }
  }

  /** Each existing entry of a JVM class path: jars and class directories a java server loads. */
  private static void addClassPath(String classPath, Set<Path> out) {
    for (String entry : classPath.split(":")) {
      try {
        Path p = Path.of(entry).toAbsolutePath().normalize();
        if (!entry.isEmpty() && Files.exists(p)) {
          out.addAll(withRealPath(p));
        }
      } catch (InvalidPathException e) {
        // not a path: nothing to expose
      }
    }
  }

  private static Path outermostNodeModules(Path p) {
    for (int i = 1; i <= p.getNameCount(); i++) {
      Path sub = p.getRoot().resolve(p.subpath(0, i));
      if (sub.getFileName().toString().equals("node_modules")) {
        return sub;
      }
    }
    return null;
  }

  /** The nearest {@code name} in {@code dir} or above it (how node resolves a script's modules). */
  private static void addNearest(Path dir, String name, Set<Path> out) {
    for (Path d = dir; d != null && d.getNameCount() > 0; d = d.getParent()) {
      Path candidate = d.resolve(name);
      if (Files.exists(candidate)) {
        out.addAll(withRealPath(candidate));
        return;
      }
    }
  }

  /** The path as named and, if a symlink leads elsewhere, its real location too. */
  private static List<Path> withRealPath(Path p) {
    List<Path> both = new ArrayList<>(List.of(p));
    try {
      Path real = p.toRealPath();
      if (!real.equals(p)) {
        both.add(real);
      }
    } catch (IOException e) {
      // dangling: the named path alone
    }
    return both;
  }
}
