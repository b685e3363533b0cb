package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code mcpbot run}: configuration problems at once, and a real start against the emulator. */
class RunCommandTest {
  private static final String USER = "U0RUNNER1";

  @Test
  void everyMissingSettingIsReportedAtOnce() {
    // (through RunningBot: the lead registers RunCommand in Main)
    assertThatThrownBy(() -> RunningBot.start(Settings.load(Map.of(), null), Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(String.join("\n", e.problems()))
                    .contains(
                        "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "ENCRYPTION_KEY", "OPENAI_API_KEY"));
  }

  @Test
  void malformedAccessSettingsStopTheStartWithTheFix() {
    Map<String, String> env =
        Map.of(
            "SLACK_BOT_TOKEN", "xoxb-1",
            "SLACK_APP_TOKEN", "xapp-1",
            "ALLOWED_USER_IDS", "U0ALICE01 U0BOB0001",
            "AGENT_MAX_TURNS_PER_USER", "many");
    assertThatThrownBy(() -> RunningBot.start(Settings.load(env, null), Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(
                        p ->
                            p.startsWith("ALLOWED_USER_IDS has 'U0ALICE01 U0BOB0001'")
                                && p.contains("separated by commas"))
                    .anyMatch(p -> p.startsWith("AGENT_MAX_TURNS_PER_USER must be a whole number"))
                    .anyMatch(p -> p.contains("ENCRYPTION_KEY")));
  }

  @ParameterizedTest
  @CsvSource({"xapp-swapped, xoxb-swapped", "not-a-token, also-not-one"})
  void wrongSlackTokensAreReportedWithTheOtherProblems(String bot, String app) {
    Map<String, String> env = Map.of("SLACK_BOT_TOKEN", bot, "SLACK_APP_TOKEN", app);
    assertThatThrownBy(() -> RunningBot.start(Settings.load(env, null), Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems())
                  .anyMatch(p -> p.startsWith("SLACK_BOT_TOKEN") && p.contains("xoxb-"))
                  .anyMatch(p -> p.startsWith("SLACK_APP_TOKEN") && p.contains("xapp-"))
                  .anyMatch(p -> p.contains("ENCRYPTION_KEY"))
                  .anyMatch(p -> p.contains("OPENAI_API_KEY"));
              assertThat(String.join("\n", e.problems())).doesNotContain(bot, app);
            });
  }

  @Test
  void startsSyncsServersConnectsAnswersAndStopsCleanly(@TempDir Path dir) throws Exception {
    Path servers = dir.resolve("servers_config.json");
    String args =
        String.join(
            "\", \"",
            Fixtures.fixtureArgs("normal").stream()
                .map(a -> a.replace("\\", "\\\\").replace("\"", "\\\""))
                .toList());
    Files.writeString(
        servers,
        """
        {"mcpServers": {"fixture": {"command": "%s", "args": ["%s"],
          "description": "A fixture server"}}}
        """
            .formatted(Fixtures.JAVA, args));
    try (SlackEmulator slack = SlackEmulator.start();
        FakeLlmServer llm = new FakeLlmServer();
        TestDb db = TestDatabases.migrated(TestDatabases.Engine.H2)) {
      slack.addUser(new SlackUser(USER, "runner", "Run Ner", "runner", "runner@example.com"));
      llm.reply(
          200,
          """
          {"id":"x","object":"chat.completion","model":"m",
           "choices":[{"index":0,"finish_reason":"stop",
                       "message":{"role":"assistant","content":"Hello from the model"}}],
           "usage":{"prompt_tokens":1,"completion_tokens":1}}
          """);
      Map<String, String> env =
          Cli.botEnv(
              db,
              slack,
              llm,
              KeyRing.generateKey(),
              servers,
              dir.resolve("users"),
              "HTTP_PORT",
              "0");

      RunningBot bot = RunningBot.start(Settings.load(env, null), Duration.ofSeconds(5));
      try {
        assertThat(bot.readyLine())
            .contains("@" + "mcpbot", SlackEmulator.BOT_USER_ID, SlackEmulator.TEAM_ID)
            .contains("1 server(s) active", "database H2", "local-model", "sandbox: bubblewrap")
            .containsPattern("HTTP on port [1-9][0-9]*");
        assertThat(db.store().servers().findByName("fixture")).isPresent();

        String ts = slack.nextTs();
        slack.sendEvent(Events.dm(USER, "D0RUNNER1", "hi", ts, null), slack.newEventId(), 0);
        ApiCall answer =
            slack.awaitCall(
                "chat.update",
                c -> "Hello from the model".equals(c.param("text")),
                Duration.ofSeconds(30));
        assertThat(answer.param("channel")).isEqualTo("D0RUNNER1");
      } finally {
        bot.stop();
      }
      bot.awaitStopped();
      await().atMost(Duration.ofSeconds(10)).until(() -> slack.openConnections() == 0);
    }
  }
}
