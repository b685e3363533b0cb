package io.mcpbot.core.mcp.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts one real sandbox around {@code true} (with a user namespace, then, as root, without) and
 * turns a failure into a message naming the cause and the fix. Stateless.
 */
final class BwrapProbe {
  record Result(
      boolean works,
      boolean userNamespace,
      boolean root,
      String version,
      Path prlimit,
      String problem) {}

  private BwrapProbe() {}

  static Result run(Path bwrap, Path prlimit) {
    if (!Files.isRegularFile(bwrap) || !Files.isExecutable(bwrap)) {
      return fail(
          "bubblewrap is not installed (no executable "
              + bwrap
              + "). Install it: Debian/Ubuntu `apt-get install bubblewrap`, Fedora/RHEL `dnf"
              + " install bubblewrap`.");
    }
    Path pl = Files.isExecutable(prlimit) ? prlimit : null;
    Path dir = null;
    try {
      dir = Files.createTempDirectory("mcpbot-sandbox-probe");
      String version = output(List.of(bwrap.toString(), "--version")).strip();
      version = version.startsWith("bubblewrap ") ? version.substring(11) : version;
      var spec = new SandboxSpec(dir, dir, List.of(), List.of(), true, SandboxLimits.DEFAULTS);
      List<String> cmd = List.of("/usr/bin/true");
      String err = attempt(new BwrapArgs(bwrap, true, pl).build(spec, cmd));
      if (err == null) {
        return new Result(true, true, isRoot(), version, pl, null);
      }
      if (isRoot() && attempt(new BwrapArgs(bwrap, false, pl).build(spec, cmd)) == null) {
        return new Result(true, false, true, version, pl, null);
      }
      return fail("bubblewrap at " + bwrap + " cannot create a sandbox (" + err + "). " + hint());
    } catch (IOException e) {
      return fail("bubblewrap at " + bwrap + " could not be run (" + e.getMessage() + ").");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while probing bubblewrap");
    } finally {
      if (dir != null) {
        try {
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // a leftover empty temp folder
        }
      }
    }
  }

  private static Result fail(String problem) {
    return new Result(false, false, false, "", null, problem);
  }

  /** Null when the sandbox ran {@code true}; otherwise bwrap's first error line. */
  private static String attempt(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "the probe did not finish within 20 s";
    }
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.exitValue() == 0) {
      return null;
    }
    String first = err.lines().findFirst().orElse("exit code " + p.exitValue());
    return first.length() > 300 ? first.substring(0, 300) : first;
  }

  private static String output(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  private static boolean isRoot() {
    return read("/proc/self/status").lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
  }

  /** What restricts user namespaces here, with the documented fix for each known cause. */
  static String hint() {
    List<String> h = new ArrayList<>();
    if (read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns").strip().equals("1")) {
      h.add(
          "AppArmor restricts unprivileged user namespaces"
              + " (kernel.apparmor_restrict_unprivileged_userns=1, Ubuntu 23.10+/24.04): allow them"
              + " for bwrap with a profile /etc/apparmor.d/bwrap containing `abi <abi/4.0>, include"
              + " <tunables/global> profile bwrap /usr/bin/bwrap flags=(unconfined) { userns, }`"
              + " then `apparmor_parser -r /etc/apparmor.d/bwrap`, or set the sysctl"
              + " kernel.apparmor_restrict_unprivileged_userns=0");
    }
    if (read("/proc/sys/kernel/unprivileged_userns_clone").strip().equals("0")) {
      h.add("user namespaces are disabled: sysctl -w kernel.unprivileged_userns_clone=1");
    }
    if (read("/proc/sys/user/max_user_namespaces").strip().equals("0")) {
      h.add("user namespaces are disabled: sysctl -w user.max_user_namespaces=15000");
    }
    boolean container =
        Files.exists(Path.of("/.dockerenv")) || read("/proc/1/cgroup").contains("docker");
    boolean seccomp = read("/proc/self/status").lines().anyMatch(l -> l.matches("Seccomp:\\s+2.*"));
    if (container && seccomp) {
      h.add(
          "this looks like a Docker container with a seccomp filter: Docker's default seccomp"
              + " profile blocks unshare and clone(CLONE_NEWUSER); run the container with"
              + " `--security-opt seccomp=unconfined` (or a profile allowing unshare, clone, mount,"
              + " pivot_root) and, on AppArmor hosts, `--security-opt apparmor=unconfined`");
    }
    if (h.isEmpty()) {
      h.add(
          "check that user namespaces are allowed (`unshare --user --pid --fork true` must work"
              + " for the bot's user)");
    }
    return "Fix: " + String.join("; ", h) + ".";
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
