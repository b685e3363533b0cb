package io.mcpbot.core.mcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection with real and broken bubblewrap binaries: AUTO falls back loudly, BWRAP refuses. */
class SandboxDetectionTest {
  @TempDir Path dir;

  @Test
  void realBubblewrapIsActive() {
    Sandbox s = Sandbox.detect(SandboxMode.AUTO);
    assertThat(s.active()).isTrue();
    assertThat(s.status().readyLine()).startsWith("sandbox: bubblewrap ");
    assertThat(s.launcher(spec()).apply(List.of("node"))).startsWith("/usr/bin/bwrap");
  }

  @Test
  void autoFallsBackWithAWarningNamingThePackage() {
    Sandbox s = Sandbox.detect(SandboxMode.AUTO, dir.resolve("no-such-bwrap"));
    assertThat(s.active()).isFalse();
    assertThat(s.status().warning().orElseThrow())
        .contains("WITHOUT a sandbox")
        .contains("no-such-bwrap")
        .contains("apt-get install bubblewrap");
    assertThat(s.status().readyLine()).contains("OFF").contains("WARNING");
    List<String> cmd = List.of("node", "server.js");
    assertThat(s.wrap(spec(), cmd)).isEqualTo(cmd);
    assertThat(s.launcher(spec())).as("no launcher: the transport keeps today's path").isNull();
  }

  @Test
  void bwrapModeRefusesWithoutBubblewrap() {
    assertThatThrownBy(() -> Sandbox.detect(SandboxMode.BWRAP, dir.resolve("no-such-bwrap")))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("MCP_SANDBOX=bwrap")
        .hasMessageContaining("apt-get install bubblewrap");
  }

  /** A bwrap that exists but cannot create namespaces (as on a restricted host). */
  @Test
  void aFailingProbeIsReportedWithItsErrorAndAFix() throws Exception {
    Path fake = dir.resolve("bwrap");
    Files.writeString(
        fake,
        "#!/bin/sh\n"
            + "[ \"$1\" = --version ] && { echo 'bubblewrap 0.8.0'; exit 0; }\n"
            + "echo 'bwrap: setting up uid map: Permission denied' >&2; exit 1\n");
    Files.setPosixFilePermissions(
        fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    assertThatThrownBy(() -> Sandbox.detect(SandboxMode.BWRAP, fake))
        .hasMessageContaining("setting up uid map: Permission denied")
        .hasMessageContaining("Fix:");
    Sandbox auto = Sandbox.detect(SandboxMode.AUTO, fake);
    assertThat(auto.active()).isFalse();
    assertThat(auto.status().warning().orElseThrow()).contains("Permission denied");
  }

  @Test
  void offNeverProbes() {
    Sandbox s = Sandbox.detect(SandboxMode.OFF, dir.resolve("no-such-bwrap"));
    assertThat(s.active()).isFalse();
    assertThat(s.status().warning()).isEmpty();
  }

  @Test
  void modeParsing() {
    assertThat(SandboxMode.parse("AUTO")).isEqualTo(SandboxMode.AUTO);
    assertThat(SandboxMode.parse(" bwrap ")).isEqualTo(SandboxMode.BWRAP);
    assertThat(SandboxMode.parse("off")).isEqualTo(SandboxMode.OFF);
    assertThatThrownBy(() -> SandboxMode.parse("docker"))
        .hasMessageContaining("MCP_SANDBOX must be auto, bwrap or off");
  }

  @Test
  void aMissingReadOnlyPathIsAClearError() {
    Sandbox s = Sandbox.detect(SandboxMode.BWRAP);
    var policy =
        new SandboxPolicy(true, List.of("/no/such/dir"), List.of(), SandboxLimits.DEFAULTS);
    var spec = SandboxSpec.forServer(dir, "node", List.of(), "/usr/bin", policy);
    assertThatThrownBy(() -> s.wrap(spec, List.of("node")))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("/no/such/dir")
        .hasMessageContaining("sandbox.read_only");
  }

  private SandboxSpec spec() {
    return SandboxSpec.forServer(dir, "node", List.of(), "/usr/bin", SandboxPolicy.DEFAULT);
  }
}
