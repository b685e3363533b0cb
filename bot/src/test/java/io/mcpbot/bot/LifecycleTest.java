package io.mcpbot.bot;

import static io.mcpbot.bot.Harness.ALICE;
import static io.mcpbot.bot.Harness.WAIT;
import static io.mcpbot.bot.Harness.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.core.McpbotException;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start, stop, timeouts and configuration. */
class LifecycleTest {

  @Test
  void aTurnOverItsTimeoutGetsATimeoutReply() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    try (Harness h = new Harness(c -> c.turns(Duration.ofMillis(300), Duration.ofSeconds(30)))) {
      h.answerer =
          (req, progress) -> {
            try {
              new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              interrupted.countDown();
            }
            return "too late";
          };
      h.dm(ALICE, "slow");
      ApiCall reply =
          h.slack.awaitCall("chat.update", c -> c.param("text").contains("took longer than"), WAIT);

      assertThat(reply.param("text")).containsPattern("Reference: `[0-9a-f]{8}`");
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void stopLetsTurnsInFlightFinish() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    try (Harness h = new Harness()) {
      h.answerer =
          (req, progress) -> {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return "finished";
          };
      String ts = h.dm(ALICE, "work");
      h.slack.awaitCall("chat.postMessage", c -> ts.equals(c.param("thread_ts")), WAIT);
      Thread.ofVirtual()
          .start(
              () -> {
                h.bot.stop();
                stopped.countDown();
              });
      assertThat(stopped.await(300, TimeUnit.MILLISECONDS)).isFalse();
      release.countDown();
      assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(h.slack.calls("chat.update"))
          .extracting(c -> c.param("text"))
          .contains("finished");
      assertThat(
              h.slack.messageText(
                  dmChannel(ALICE), h.slack.calls("chat.update").get(0).param("ts")))
          .isEqualTo("finished");
    }
  }

  @Test
  void aRefusedBotTokenFailsStartWithSlacksError() throws Exception {
    try (SlackEmulator slack = SlackEmulator.start();
        TestCore core = new TestCore(Engine.H2)) {
      SlackBot bot =
          new SlackBot(
              BotConfig.builder("xoxb-wrong", SlackEmulator.APP_TOKEN)
                  .apiUrl(URI.create(slack.apiUrl()))
                  .build(),
              core.services((input, listener) -> fail("no turn expected")));
      assertThatThrownBy(bot::start)
          .isInstanceOf(McpbotException.class)
          .hasMessageContaining("auth.test failed: invalid_auth");
      bot.stop();
    }
  }

  @Test
  void configDefaultsToSlackMasksTokensAndRefusesWhatCannotWork() {
    BotConfig config = BotConfig.builder("xoxb-secret-1", "xapp-secret-2").build();
    assertThat(config.apiUrl())
        .isEqualTo(io.mcpbot.core.config.SlackSettings.DEFAULT_API_URL.toString());
    assertThat(config.toString()).doesNotContain("secret").contains("<masked>");
    assertThat(
            BotConfig.builder("xoxb-a", "xapp-b")
                .apiUrl(URI.create("http://localhost:9/api"))
                .build()
                .apiUrl())
        .isEqualTo("http://localhost:9/api/");
    assertThatThrownBy(
            () ->
                BotConfig.builder("xoxb-a", "xapp-b")
                    .turns(Duration.ZERO, Duration.ofSeconds(30))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("turnTimeout");
    assertThatThrownBy(
            () -> BotConfig.builder("xoxb-a", "xapp-b").apiUrl(URI.create("ftp://nope/")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiUrl");
  }

  @Test
  void theManifestAsksForWhatTheBotUses() throws Exception {
    String manifest = Files.readString(Path.of("..", "manifest.yaml"));
    assertThat(manifest)
        .contains(
            "socket_mode_enabled: true", "home_tab_enabled: true", "messages_tab_enabled: true")
        .contains("- app_home_opened", "- app_mention", "- message.im")
        .contains("- app_mentions:read", "- chat:write", "- im:history", "- im:read", "- im:write")
        .contains("- users:read\n", "- users:read.email")
        .containsPattern("interactivity:\\s+is_enabled: true");
  }
}
