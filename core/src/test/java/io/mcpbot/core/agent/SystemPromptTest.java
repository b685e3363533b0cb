package io.mcpbot.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.ServerProblem;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemPromptTest {
  static final McpTool TOOL =
      new McpTool(
          "memory__read_graph",
          "memory",
          "read_graph",
          "Read   the\nwhole graph",
          new ObjectMapper().createObjectNode());

  @Test
  void aCustomTemplateGetsEveryPlaceholder() {
    String out =
        SystemPrompt.render(
            "{user_name}|{slack_user_id}|{date}|{tools}|{unavailable}",
            "Ada",
            "U1",
            LocalDate.of(2026, 11, 24),
            List.of(TOOL),
            List.of(new ServerProblem("github", "missing credential github_token (GITHUB_TOKEN)")));

    assertThat(out)
        .startsWith("Ada|U1|2026-11-24|- memory__read_graph: Read the whole graph|")
        .contains("- github: missing credential github_token (GITHUB_TOKEN)");
  }

  @Test
  void theDefaultTemplateSaysWhenNoToolsAreAvailable() {
    String out =
        SystemPrompt.render(
            SystemPrompt.DEFAULT_TEMPLATE, "Ada", "U1", LocalDate.EPOCH, List.of(), List.of());

    assertThat(out).contains("Ada (Slack user U1)").contains("(none:").doesNotContain("{");
  }
}
