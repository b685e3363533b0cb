package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.cli.http.PrometheusText;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDb;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcpbot run}'s operator routes against the real bot (emulated Slack, fake model, the
 * fixture MCP server): health, readiness, and metrics that parse and move as turns run.
 */
class OperatorEndpointsTest {
  static final String USER = "U0METRIC1";
  static final String DM = "D0METRIC1";

  /** servers_config.json with the fixture server as "fx". */
  static Path serversConfig(Path dir) throws Exception {
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
        {"mcpServers": {"fx": {"command": "%s", "args": ["%s"], "description": "Fixture"}}}
        """
            .formatted(Fixtures.JAVA, args));
    return servers;
  }

  static Map<String, String> env(
      TestDb db, SlackEmulator slack, FakeLlmServer llm, Path dir, String... more)
      throws Exception {
    String[] all = new String[more.length + 2];
    all[0] = "HTTP_PORT";
    all[1] = "0";
    System.arraycopy(more, 0, all, 2, more.length);
    return Cli.botEnv(
        db, slack, llm, KeyRing.generateKey(), serversConfig(dir), dir.resolve("users"), all);
  }

  static void enableFixture(Store store) {
    long user = store.users().upsert(USER, UserProfile.empty()).id();
    long fx = store.servers().findByName("fx").orElseThrow().id();
    store.serverConfigs().setEnabled(user, fx, true);
  }

  static String usage(int in, int out) {
    return ",\"usage\":{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out + "}}";
  }

  @Test
  void healthReadinessAndMetricsThatMoveAsTurnsRun(@TempDir Path dir) throws Exception {
    try (SlackEmulator slack = SlackEmulator.start();
        FakeLlmServer llm = new FakeLlmServer();
        TestDb db = TestDatabases.migrated(TestDatabases.Engine.H2)) {
      slack.addUser(new SlackUser(USER, "metric", "Met Ric", "metric", "m@example.com"));
      String tool = ChatCommandTest.toolReply("c1", "fx__echo", "{\"text\":\"hi\"}");
      llm.reply(200, tool.substring(0, tool.length() - 1) + usage(10, 2));
      String text = ChatCommandTest.textReply("Echoed");
      llm.reply(200, text.substring(0, text.length() - 1) + usage(20, 3));
      RunningBot bot =
          RunningBot.start(Settings.load(env(db, slack, llm, dir), null), Duration.ofSeconds(5));
      try {
        int port = bot.httpPort();
        HttpResponse<String> health = PrometheusText.get(port, "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        HttpResponse<String> ready = PrometheusText.get(port, "/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        PrometheusText before = PrometheusText.scrape(port);
        assertThat(before.value("mcpbot_events_received_total", Map.of())).isZero();
        assertThat(before.value("mcpbot_sessions_max", Map.of())).isEqualTo(100);
        enableFixture(db.store());

        String eventId = slack.newEventId();
        slack.sendEvent(Events.dm(USER, DM, "echo hi", slack.nextTs(), null), eventId, 0);
        slack.awaitCall(
            "chat.update", c -> "Echoed".equals(c.param("text")), Duration.ofSeconds(60));
        // Slack redelivers the same event: counted, then dropped
        slack.sendEvent(Events.dm(USER, DM, "echo hi", slack.nextTs(), null), eventId, 1);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    PrometheusText.scrape(port).value("mcpbot_events_deduplicated_total", Map.of())
                        == 1);

        PrometheusText after = PrometheusText.scrape(port);
        assertThat(after.value("mcpbot_events_received_total", Map.of())).isEqualTo(2);
        assertThat(after.value("mcpbot_turn_seconds_count", Map.of("outcome", "ok"))).isEqualTo(1);
        Map<String, String> model = Map.of("model", "local-model"); // provider: ProviderKind's name
        assertThat(after.value("mcpbot_model_call_seconds_count", model)).isEqualTo(2);
        assertThat(
                after.value(
                    "mcpbot_model_tokens_total", Map.of("model", "local-model", "kind", "input")))
            .isEqualTo(30);
        assertThat(after.value("mcpbot_model_tokens_total", Map.of("kind", "output"))).isEqualTo(5);
        assertThat(
                after.value(
                    "mcpbot_tool_call_seconds_count", Map.of("server", "fx", "outcome", "ok")))
            .isEqualTo(1);
        assertThat(
                after.value("mcpbot_session_starts_total", Map.of("server", "fx", "outcome", "ok")))
            .isEqualTo(1);
        assertThat(after.value("mcpbot_sessions_live", Map.of())).isEqualTo(1);
        // no user ids, arguments or secrets as labels
        assertThat(after.labelNames())
            .isSubsetOf("provider", "model", "outcome", "server", "kind", "decision", "quantile");
        assertThat(PrometheusText.get(port, "/metrics").body())
            .doesNotContain(USER, DM, SlackEmulator.BOT_TOKEN, "hi\"");
      } finally {
        bot.stop();
      }
      bot.awaitStopped();
    }
  }
}
