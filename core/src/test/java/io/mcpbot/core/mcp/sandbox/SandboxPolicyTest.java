package io.mcpbot.core.mcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servers_config.json {@code sandbox} object, and the spec it becomes. */
class SandboxPolicyTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  final List<String> errors = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();

  private SandboxPolicy parse(String json) throws Exception {
    return SandboxPolicy.parse("x", json == null ? null : JSON.readTree(json), errors, warnings);
  }

  @Test
  void missingMeansDefaults() throws Exception {
    assertThat(parse(null)).isEqualTo(SandboxPolicy.DEFAULT);
    assertThat(SandboxPolicy.DEFAULT.network()).isTrue();
    assertThat(errors).isEmpty();
  }

  @Test
  void aFullValidObject() throws Exception {
    SandboxPolicy p =
        parse(
            "{\"network\": false, \"read_only\": [\"/srv/docs\"], \"writable\": [\"cache\"],"
                + " \"memory_mb\": 512, \"processes\": 32, \"open_files\": 128,"
                + " \"file_size_mb\": 10}");
    assertThat(errors).isEmpty();
    assertThat(p.network()).isFalse();
    assertThat(p.readOnly()).containsExactly("/srv/docs");
    assertThat(p.writable()).containsExactly("cache");
    assertThat(p.limits()).isEqualTo(new SandboxLimits(512L << 20, 32, 128, 10L << 20));
  }

  @Test
  void everyBadValueIsNamedWithServerKeyAndFix() throws Exception {
    parse(
        "{\"network\": \"no\", \"read_only\": [\"relative/dir\", \"/\", 3], \"writable\":"
            + " [\"../other-user\", \"/abs\"], \"memory_mb\": 1, \"processes\": \"many\","
            + " \"open_files\": 1.5, \"file_size_mb\": -1, \"netwrk\": true}");
    assertThat(errors)
        .contains(
            "server 'x': sandbox.network must be true or false",
            "server 'x': sandbox.memory_mb must be a whole number from 64 to 1048576",
            "server 'x': sandbox.processes must be a whole number from 8 to 65536")
        .anyMatch(e -> e.startsWith("server 'x': sandbox.read_only[0] 'relative/dir' must be an"))
        .anyMatch(e -> e.startsWith("server 'x': sandbox.read_only[1] '/' would expose"))
        .anyMatch(e -> e.startsWith("server 'x': sandbox.read_only[2] must be a non-empty"))
        .anyMatch(e -> e.startsWith("server 'x': sandbox.writable[0] '../other-user' must be"))
        .anyMatch(e -> e.startsWith("server 'x': sandbox.writable[1] '/abs' must be"))
        .anyMatch(e -> e.startsWith("server 'x': sandbox.open_files"))
        .anyMatch(e -> e.startsWith("server 'x': sandbox.file_size_mb"))
        .hasSize(10);
    assertThat(warnings).singleElement().asString().contains("sandbox.netwrk is not a known key");
    assertThat(parse("[true]")).isEqualTo(SandboxPolicy.DEFAULT);
    assertThat(errors.getLast()).startsWith("server 'x': sandbox must be an object");
  }

  @Test
  void specKeepsWritesInsideTheUsersDirectory() {
    Path user = dir.resolve("UA");
    var policy = new SandboxPolicy(true, List.of(), List.of("cache"), SandboxLimits.DEFAULTS);
    var spec = SandboxSpec.forServer(user, "node", List.of(), "/usr/bin", policy);
    assertThat(spec.home()).isEqualTo(user.resolve(".home"));
    assertThat(spec.writable()).containsExactly(user.resolve("cache"));
    assertThatThrownBy(
            () ->
                new SandboxSpec(
                    user,
                    user,
                    List.of(),
                    List.of(dir.resolve("UB")),
                    true,
                    SandboxLimits.DEFAULTS))
        .hasMessageContaining("must be inside the user's directory");
    assertThatThrownBy(
            () -> new SandboxSpec(user, dir, List.of(), List.of(), true, SandboxLimits.DEFAULTS))
        .hasMessageContaining("HOME");
    assertThatThrownBy(
            () ->
                new SandboxSpec(user, user, List.of(dir), List.of(), true, SandboxLimits.DEFAULTS))
        .hasMessageContaining("contains the user's directory");
  }

  /** A script's file, its package.json and node_modules are exposed; its folder is not. */
  @Test
  void readOnlyPathsComeFromTheCommandAndTheScriptItNames() throws Exception {
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.createDirectories(app.resolve("node_modules/dep"));
    Files.writeString(app.resolve("package.json"), "{}");
    Files.writeString(app.resolve("server.js"), "");
    Files.writeString(app.resolve(".env"), "SECRET=1");
    Path user = dir.resolve("data/UA");
    var spec =
        SandboxSpec.forServer(
            user,
            "node",
            List.of(app + "/server.js", "--root=" + user + "/files", "/etc/shadow", "/proc/1"),
            "/usr/bin",
            SandboxPolicy.DEFAULT);
    assertThat(spec.readOnly())
        .containsExactlyInAnyOrder(
            app.resolve("server.js"), app.resolve("package.json"), app.resolve("node_modules"));
    Path inModules = Files.createDirectories(app.resolve("node_modules/pkg/dist"));
    Files.writeString(inModules.resolve("index.js"), "");
    var pkg =
        SandboxSpec.forServer(
            user, "node", List.of(inModules + "/index.js"), "/usr/bin", SandboxPolicy.DEFAULT);
    assertThat(pkg.readOnly()).containsExactly(app.resolve("node_modules"));
  }
}
