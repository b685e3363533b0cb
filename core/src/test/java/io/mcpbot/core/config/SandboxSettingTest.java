package io.mcpbot.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.mcp.sandbox.SandboxMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MCP_SANDBOX: auto by default, bwrap and off accepted, anything else a problem with the fix. */
class SandboxSettingTest {
  private static Settings load(Map<String, String> env) {
    return Settings.load(env, null);
  }

  @Test
  void autoByDefault() {
    assertThat(load(Map.of()).pool().sandbox()).isEqualTo(SandboxMode.AUTO);
    assertThat(load(Map.of("MCP_SANDBOX", " ")).pool().sandbox()).isEqualTo(SandboxMode.AUTO);
  }

  @Test
  void bwrapAndOff() {
    assertThat(load(Map.of("MCP_SANDBOX", "BWRAP")).pool().sandbox()).isEqualTo(SandboxMode.BWRAP);
    assertThat(load(Map.of("MCP_SANDBOX", "off")).pool().sandbox()).isEqualTo(SandboxMode.OFF);
    assertThat(load(Map.of("MCP_SANDBOX", "off")).toString()).contains("MCP_SANDBOX=off");
  }

  @Test
  void aBadValueIsAProblemEveryCommandReports() {
    Settings s = load(Map.of("MCP_SANDBOX", "docker"));
    assertThat(s.problems())
        .containsExactly(
            "MCP_SANDBOX must be auto (bubblewrap when it works, else a warning), bwrap (refuse to"
                + " start without it) or off (got 'docker'); unset it for auto");
    assertThatThrownBy(() -> s.require(Need.DATABASE, Need.ENCRYPTION))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MCP_SANDBOX must be auto");
  }
}
