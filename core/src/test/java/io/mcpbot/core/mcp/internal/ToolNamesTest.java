package io.mcpbot.core.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolNamesTest {
  @Test
  void namesFitLlmRulesAndStayUnique() {
    Set<String> taken = new HashSet<>();
    String a = ToolNames.qualify("my.server", "read file", taken);
    taken.add(a);
    String b = ToolNames.qualify("my_server", "read_file", taken);
    taken.add(b);
    String longName = ToolNames.qualify("s".repeat(40), "t".repeat(40), taken);
    String otherLong = ToolNames.qualify("s".repeat(40), "t".repeat(39) + "u", taken);
    assertThat(a).isEqualTo("my_server__read_file");
    assertThat(b).isEqualTo("my_server__read_file_2");
    // too long for the LLM rule: shortened, and two tools differing only past the cut stay apart
    assertThat(longName).matches("^[a-zA-Z0-9_-]{1,64}$").startsWith("s".repeat(40) + "__t");
    assertThat(otherLong).matches("^[a-zA-Z0-9_-]{1,64}$").isNotEqualTo(longName);
    assertThat(ToolNames.qualify("s".repeat(40), "t".repeat(40), Set.of())).isEqualTo(longName);
    assertThat(ToolNames.qualify("gh", "search", taken)).isEqualTo("gh__search");
  }
}
