package io.mcpbot.core.mcp.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the bubblewrap argv for one spec. Mount order matters: the system and the chosen /etc
 * files first, then the private /tmp, then read-only extras, then the user's directory and its
 * writable sub-paths on top. {@code prlimit} null: limits are not applied (util-linux missing; the
 * status says so). Immutable, thread-safe.
 */
record BwrapArgs(Path bwrap, boolean userNamespace, Path prlimit) {
  /** System directories, bound read-only (or recreated as the symlinks they are on merged-usr). */
  private static final List<String> SYSTEM =
      List.of("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");

  /**
   * The parts of /etc a server needs: name resolution, TLS roots, users and groups, time zone, the
   * dynamic linker, /etc/alternatives (Debian's /usr/bin symlinks go through it). Not all of /etc:
   * a systemd EnvironmentFile or /etc/mcpbot may hold the bot's secrets.
   */
  static final List<String> ETC =
      List.of(
          "/etc/resolv.conf",
          "/etc/hosts",
          "/etc/host.conf",
          "/etc/nsswitch.conf",
          "/etc/gai.conf",
          "/etc/services",
          "/etc/protocols",
          "/etc/ssl/certs",
          "/etc/ssl/openssl.cnf",
          "/etc/ca-certificates",
          "/etc/ca-certificates.conf",
          "/etc/pki/tls/certs",
          "/etc/pki/ca-trust",
          "/etc/passwd",
          "/etc/group",
          "/etc/localtime",
          "/etc/timezone",
          "/etc/ld.so.cache",
          "/etc/ld.so.conf",
          "/etc/ld.so.conf.d",
          "/etc/alternatives",
          "/etc/os-release",
          "/etc/mime.types");

  List<String> build(SandboxSpec spec, List<String> command) {
    List<String> a = new ArrayList<>();
    a.add(bwrap.toString());
    if (userNamespace) {
      // no nested user namespace: it would hand the server a fresh set of capabilities
      a.addAll(List.of("--unshare-user", "--disable-userns"));
    }
    // as root bwrap keeps every capability inside; with CAP_SYS_ADMIN a server could remount the
    // read-only binds writable (and write /usr as host root)
    a.addAll(List.of("--cap-drop", "ALL"));
    a.addAll(
        List.of(
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--die-with-parent",
            "--new-session",
            "--hostname",
            "mcpbot-sandbox"));
    if (!spec.network()) {
      a.add("--unshare-net");
    }
    for (String dir : SYSTEM) {
      Path p = Path.of(dir);
      if (Files.isSymbolicLink(p)) {
        try {
          a.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
        } catch (java.io.IOException e) {
          // unreadable link: leave it out
        }
      } else if (Files.isDirectory(p)) {
        a.addAll(List.of("--ro-bind", dir, dir));
      }
    }
    for (String f : ETC) {
      a.addAll(List.of("--ro-bind-try", f, f));
    }
    a.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp"));
    for (Path p : spec.readOnly()) {
      if (!Files.exists(p)) {
        throw new SandboxException(
            "read-only path "
                + p
                + " does not exist; create it or remove it from the server's sandbox.read_only");
      }
      a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
    }
    a.addAll(List.of("--bind", spec.userDir().toString(), spec.userDir().toString()));
    for (Path p : spec.writable()) {
      a.addAll(List.of("--bind", p.toString(), p.toString()));
    }
    a.addAll(List.of("--chdir", spec.userDir().toString()));
    a.addAll(List.of("--setenv", "HOME", spec.home().toString()));
    a.add("--");
    if (prlimit != null) {
      a.add(prlimit.toString());
      a.addAll(spec.limits().prlimitOptions());
      a.add("--");
    }
    a.addAll(command);
    return a;
  }
}
