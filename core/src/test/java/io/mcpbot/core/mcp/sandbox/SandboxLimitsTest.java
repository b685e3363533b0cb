package io.mcpbot.core.mcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes over the limits fail inside the sandbox; the same work passes under them. */
class SandboxLimitsTest {
  static final long MIB = 1024 * 1024;
  static Sandbox sandbox;
  @TempDir Path user;

  @BeforeAll
  static void detect() {
    sandbox = Sandbox.detect(SandboxMode.BWRAP);
  }

  private Result sh(SandboxLimits limits, boolean network, String script)
      throws IOException, InterruptedException {
    return sh(limits, network, script, List.of(), user);
  }

  /** Runs {@code script} in a sandbox, started through {@code prefix} (e.g. setpriv). */
  private Result sh(
      SandboxLimits limits, boolean network, String script, List<String> prefix, Path dir)
      throws IOException, InterruptedException {
    var policy = new SandboxPolicy(network, List.of(), List.of(), limits);
    var spec = SandboxSpec.forServer(dir, "sh", List.of(), "/usr/bin:/bin", policy);
    List<String> argv = new java.util.ArrayList<>(prefix);
    argv.addAll(sandbox.wrap(spec, List.of("/bin/sh", "-c", script)));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  record Result(int code, String out) {}

  @Test
  void aFileOverTheSizeLimitCannotBeWritten() throws Exception {
    var limits = new SandboxLimits(512 * MIB, 64, 256, MIB);
    Result ok = sh(limits, true, "head -c 512K /dev/zero > small && echo wrote");
    assertThat(ok.out()).contains("wrote");
    Result big = sh(limits, true, "head -c 4M /dev/zero > big; echo rc=$?; wc -c < big");
    assertThat(big.out()).doesNotContain("rc=0").contains("1048576");
  }

  /**
   * The kernel exempts real root from RLIMIT_NPROC, so under a root test JVM the sandbox is started
   * as nobody (as an unprivileged bot would run). In the sandbox's own user namespace the count is
   * this session's alone: the host's other processes of that uid do not count.
   */
  @Test
  void processesOverTheLimitCannotStart() throws Exception {
    boolean root = ProcessHandle.current().info().user().orElse("").equals("root");
    List<String> prefix =
        root
            ? List.of("/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups")
            : List.of();
    Path dir = Files.createTempDirectory("mcpbot-nproc");
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      var limits = new SandboxLimits(512 * MIB, 16, 256, MIB);
      String spawn40 =
          "i=0; while [ $i -lt 40 ]; do sleep 30 & i=$((i+1)); done; echo started; kill 0";
      Result r = sh(limits, true, spawn40, prefix, dir);
      assertThat(r.out()).contains("Cannot fork").doesNotContain("started");
      Result under = sh(SandboxLimits.DEFAULTS, true, spawn40, prefix, dir);
      assertThat(under.out()).contains("started").doesNotContain("Cannot fork");
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** RLIMIT_DATA stops node allocating past the limit yet lets V8 reserve its address space. */
  @Test
  void nodeCannotAllocatePastTheMemoryLimit() throws Exception {
    String js =
        "node -e 'const a=[]; for (let i=0;i<768;i++) a.push(Buffer.alloc(1<<20,1));"
            + " console.log(\"allocated\")'";
    Result over = sh(new SandboxLimits(256 * MIB, 64, 256, MIB), true, js);
    assertThat(over.out()).doesNotContain("allocated");
    assertThat(over.code()).isNotZero();
    Result under = sh(SandboxLimits.DEFAULTS, true, js);
    assertThat(under.out()).contains("allocated");
  }

  @Test
  void memoryAndOpenFilesAreSetAsHardLimits() throws Exception {
    var limits = new SandboxLimits(256 * MIB, 64, 200, 8 * MIB);
    Result r = sh(limits, true, "ulimit -H -n; ulimit -H -d; ulimit -H -f; ulimit -n 1000");
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("200");
    assertThat(lines.get(1)).isEqualTo(String.valueOf(256 * 1024));
    assertThat(lines.get(2)).isEqualTo(String.valueOf(8 * 1024 * 2));
    assertThat(r.out()).as("cannot raise the hard limit").containsIgnoringCase("ulimit");
  }

  @Test
  void networkCanBeCut() throws Exception {
    Result on =
        sh(
            SandboxLimits.DEFAULTS,
            true,
            "ls /sys/class/net 2>/dev/null | wc -l; cat /proc/net/dev | wc -l");
    Result off = sh(SandboxLimits.DEFAULTS, false, "cat /proc/net/dev | wc -l");
    // an unshared network namespace has the loopback device only (2 header lines + lo)
    assertThat(off.out().strip()).isEqualTo("3");
    assertThat(Integer.parseInt(on.out().lines().toList().getLast().strip())).isGreaterThan(3);
  }
}
