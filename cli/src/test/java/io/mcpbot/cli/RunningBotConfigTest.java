package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `mcpbot run` gives the Slack adapter from the settings, before anything connects. */
class RunningBotConfigTest {
  private static Settings settings(String... more) {
    Map<String, String> env = new HashMap<>();
    env.put("SLACK_BOT_TOKEN", "xoxb-1");
    env.put("SLACK_APP_TOKEN", "xapp-1");
    env.put("ENCRYPTION_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    env.put("LLM_PROVIDER", "openai");
    env.put("OPENAI_API_KEY", "sk-test");
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return Settings.load(env, null);
  }

  @Test
  void elicitationTimeoutComesFromItsVariableElseTheDefault() {
    assertThat(
            RunningBot.checkedConfig(settings("ELICITATION_TIMEOUT", "42"), Duration.ofSeconds(1))
                .build()
                .elicitationTimeout())
        .isEqualTo(Duration.ofSeconds(42));
    assertThat(
            RunningBot.checkedConfig(settings(), Duration.ofSeconds(1))
                .build()
                .elicitationTimeout())
        .isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(
            () ->
                RunningBot.checkedConfig(
                    settings("ELICITATION_TIMEOUT", "0"), Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "ELICITATION_TIMEOUT must be a whole number of seconds >= 1, got '0'"));
  }
}
