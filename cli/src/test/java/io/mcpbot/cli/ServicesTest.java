package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.agent.TurnResult;
import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.FakeLlmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services are wired from the typed LLM and agent settings, named as in the README (how each LLM
 * variable is judged: ProviderSelectionTest, through the loader).
 */
class ServicesTest {
  @TempDir Path dir;

  static Settings settings(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Settings.load(env, null);
  }

  @Test
  void openAiCompatibleWithoutABaseUrlIsAClearSettingsProblem() {
    assertThat(settings("LLM_PROVIDER", "openai-compatible").problems(Need.LLM))
        .singleElement()
        .asString()
        .startsWith("LLM_PROVIDER is openai-compatible but OPENAI_BASE_URL is not set")
        .contains("http://localhost:11434/v1");
  }

  @Test
  void aServersStdoutLineIsCappedToWhatTheToolResultCapCanUse() {
    // default cap 16 000 chars: 1 MiB per message instead of 8 MiB per session
    assertThat(Services.serverLineCap(AgentConfig.defaults("m"))).isEqualTo(1 << 20);
    assertThat(Services.serverLineCap(AgentConfig.builder("m").sizes(4096, 200_000).build()))
        .isEqualTo(3_200_000);
    assertThat(Services.serverLineCap(AgentConfig.builder("m").sizes(4096, 10_000_000).build()))
        .isEqualTo(8 << 20);
  }

  @Test
  void theStepLimitComesFromAgentStepLimit() {
    assertThat(Services.agentConfig(settings().agent(), "m").stepLimit()).isEqualTo(8);
    assertThat(Services.agentConfig(settings("AGENT_STEP_LIMIT", " 3 ").agent(), "m").stepLimit())
        .isEqualTo(3);
    for (String bad : new String[] {"0", "-1", "eight"}) {
      assertThatThrownBy(() -> Services.agentConfig(settings("AGENT_STEP_LIMIT", bad).agent(), "m"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("AGENT_STEP_LIMIT must be a whole number >= 1, got '" + bad + "'");
    }
  }

  @Test
  void aTurnThroughTheRuntimeSpeaksAnthropicAtAnthropicBaseUrl() throws Exception {
    Path config = dir.resolve("servers_config.json");
    Files.writeString(config, "{\"mcpServers\":{}}");
    Path prompt = dir.resolve("prompt.txt");
    Files.writeString(prompt, "Custom prompt for {user_name}.");
    try (FakeLlmServer llm = new FakeLlmServer()) {
      llm.reply(
          200,
          """
          {"id":"msg_1","type":"message","role":"assistant","model":"claude-test",
           "content":[{"type":"text","text":"Hello from Claude"}],
           "stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2}}
          """);
      Settings s =
          settings(
              "DATABASE_URL", "jdbc:h2:file:" + dir.resolve("db/mcpbot"),
              "ENCRYPTION_KEY", KeyRing.generateKey(),
              "MCP_SERVERS_CONFIG", config.toString(),
              "USER_DATA_DIR", dir.resolve("user_data").toString(),
              "ANTHROPIC_API_KEY", "sk-ant-runtime-key",
              "ANTHROPIC_BASE_URL", llm.url().toString(),
              "LLM_MODEL", "claude-test",
              "AGENT_STEP_LIMIT", "2",
              "AGENT_SYSTEM_PROMPT_FILE", prompt.toString());
      try (Services runtime = Services.start(s)) {
        assertThat(runtime.agent().config().stepLimit()).isEqualTo(2);
        TurnResult result = runtime.agent().run(new TurnInput("U0RUNTIME", "D1", "T1", "hi"), null);
        assertThat(result.answer()).isEqualTo("Hello from Claude");
      }
      FakeLlmServer.Recorded request = llm.only();
      assertThat(request.path()).isEqualTo("/v1/messages");
      assertThat(request.header("x-api-key")).isEqualTo("sk-ant-runtime-key");
      var body = new ObjectMapper().readTree(request.body());
      assertThat(body.get("model").asText()).isEqualTo("claude-test");
      assertThat(body.at("/system/0/text").asText()).startsWith("Custom prompt for ");
    }
  }
}
