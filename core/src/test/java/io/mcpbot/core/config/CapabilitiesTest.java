package io.mcpbot.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mcpbot.core.llm.ProviderKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each capability is parsed and judged once by the loader; problems come back together. */
class CapabilitiesTest {
  @TempDir Path dir;

  @Test
  void problemsOfEveryCapabilityComeBackTogetherAsValues() {
    Settings s =
        Settings.load(
            Map.of(
                "SLACK_BOT_TOKEN", "not-a-token",
                "SLACK_APP_TOKEN", "xapp-1",
                "ENCRYPTION_KEY", "abc!",
                "LLM_MODEL", "claude-3-opus-20240229",
                "OPENAI_API_KEY", "sk-x",
                "AGENT_STEP_LIMIT", "zero",
                "SQL_ECHO", "perhaps"),
            null);
    assertThat(s.problemValues(Need.SLACK, Need.ENCRYPTION, Need.LLM, Need.AGENT, Need.DATABASE))
        .extracting(Problem::need, Problem::variable)
        .containsExactlyInAnyOrder(
            tuple(Need.DATABASE, "SQL_ECHO"),
            tuple(Need.ENCRYPTION, "ENCRYPTION_KEY"),
            tuple(Need.SLACK, "SLACK_BOT_TOKEN"),
            tuple(Need.LLM, "LLM_PROVIDER"),
            tuple(Need.AGENT, "AGENT_STEP_LIMIT"));
    assertThatThrownBy(() -> s.require(Need.SLACK, Need.LLM, Need.AGENT))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "SLACK_BOT_TOKEN must be the bot token starting with xoxb- (OAuth &"
                            + " Permissions)",
                        "LLM_MODEL 'claude-3-opus-20240229' is an Anthropic model but"
                            + " ANTHROPIC_API_KEY is not set: set ANTHROPIC_API_KEY, or set"
                            + " LLM_PROVIDER and an LLM_MODEL of a provider you have a key for",
                        "AGENT_STEP_LIMIT must be a whole number >= 1, got 'zero'"));
    // a capability not asked for is not reported, and its accessor still works
    assertThat(s.problems(Need.AGENT)).hasSize(1);
    assertThatThrownBy(s::agent).isInstanceOf(ConfigException.class);
  }

  @Test
  void slackTokensAreJudgedByKind() {
    Settings wrongApp =
        Settings.load(Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_APP_TOKEN", "xoxp-user"), null);
    assertThat(wrongApp.problems(Need.SLACK))
        .containsExactly(
            "SLACK_APP_TOKEN must be an app-level token starting with xapp- with connections:write"
                + " (Basic Information > App-Level Tokens)");
    Settings ok =
        Settings.load(
            Map.of(
                "SLACK_BOT_TOKEN", "xoxb-1",
                "SLACK_APP_TOKEN", "xapp-1",
                "SLACK_API_URL", "http://127.0.0.1:9/api"),
            null);
    assertThat(ok.slack().botToken().reveal()).isEqualTo("xoxb-1");
    assertThat(ok.slack().appToken().reveal()).isEqualTo("xapp-1");
    assertThat(ok.slack().apiUrl()).isEqualTo(URI.create("http://127.0.0.1:9/api/"));
    assertThat(ok.slack().toString()).doesNotContain("xoxb-1", "xapp-1");
    assertThat(SlackSettings.USER_ID.matcher("U0123ABC").matches()).isTrue();
    assertThat(SlackSettings.USER_ID.matcher("u0123abc").matches()).isFalse();
  }

  @Test
  void agentSettingsAreParsedByTheLoader() throws IOException {
    Path prompt = dir.resolve("prompt.txt");
    Files.writeString(prompt, "You help {user_name}.");
    Settings s =
        Settings.load(
            Map.of("AGENT_STEP_LIMIT", " 3 ", "AGENT_SYSTEM_PROMPT_FILE", prompt.toString()), null);
    assertThat(s.agent().stepLimit()).hasValue(3);
    assertThat(s.agent().systemPrompt()).hasValue("You help {user_name}.");

    Path absent = dir.resolve("absent.txt");
    assertThat(
            Settings.load(Map.of("AGENT_SYSTEM_PROMPT_FILE", absent.toString()), null)
                .problems(Need.AGENT))
        .containsExactly("AGENT_SYSTEM_PROMPT_FILE " + absent + " cannot be read: check the path");
    for (String bad : new String[] {"0", "-1", "eight"}) {
      assertThat(Settings.load(Map.of("AGENT_STEP_LIMIT", bad), null).problems(Need.AGENT))
          .containsExactly("AGENT_STEP_LIMIT must be a whole number >= 1, got '" + bad + "'");
    }
  }

  @Test
  void theWaitsForTheUserAreWholeSecondsOfAtLeastOne() {
    Settings set =
        Settings.load(Map.of("APPROVAL_TIMEOUT", " 90 ", "ELICITATION_TIMEOUT", "1"), null);
    assertThat(set.problems(Need.AGENT)).isEmpty();
    assertThat(set.agent().approvalTimeoutSeconds()).hasValue(90);
    assertThat(set.agent().elicitationTimeoutSeconds()).hasValue(1);
    assertThat(set.toString()).contains("ELICITATION_TIMEOUT=1");

    // blank is unset, as everywhere: the defaults apply
    Settings unset = Settings.load(Map.of("ELICITATION_TIMEOUT", " "), null);
    assertThat(unset.problems(Need.AGENT)).isEmpty();
    assertThat(unset.agent().approvalTimeoutSeconds()).isEmpty();
    assertThat(unset.agent().elicitationTimeoutSeconds()).isEmpty();

    for (String variable : new String[] {"APPROVAL_TIMEOUT", "ELICITATION_TIMEOUT"}) {
      for (String bad : new String[] {"0", "-5", "5m", "1.5"}) {
        Settings s = Settings.load(Map.of(variable, bad), null);
        assertThat(s.problemValues(Need.AGENT))
            .extracting(Problem::need, Problem::variable, Problem::message)
            .containsExactly(
                tuple(
                    Need.AGENT,
                    variable,
                    variable + " must be a whole number of seconds >= 1, got '" + bad + "'"));
        assertThatThrownBy(s::agent).isInstanceOf(ConfigException.class);
      }
    }
  }

  @Test
  void theLlmCapabilityIsTheChosenProviderWithTypedKeysAndUrls() {
    Settings s =
        Settings.load(
            Map.of(
                "GROQ_API_KEY", " gsk_x ",
                "GROQ_BASE_URL", "https://groq.proxy.example/openai/v1",
                "LLM_MODEL", "llama-3.1-70b-versatile"),
            null);
    assertThat(s.llm().kind()).isEqualTo(ProviderKind.GROQ);
    assertThat(s.llm().apiKey().reveal()).isEqualTo("gsk_x");
    assertThat(s.llm().baseUrl()).isEqualTo(URI.create("https://groq.proxy.example/openai/v1"));
    assertThat(s.llm().model()).isEqualTo("llama-3.1-70b-versatile");
    // an invalid URL is one problem, not also a cascade of selection problems
    assertThat(
            Settings.load(Map.of("OPENAI_BASE_URL", "ftp://x", "LLM_MODEL", "m"), null)
                .problems(Need.LLM))
        .singleElement()
        .asString()
        .startsWith("OPENAI_BASE_URL is not an http(s) URL");
  }
}
