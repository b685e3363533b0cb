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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz} follows PostgreSQL: not ready while it is gone (users who write meanwhile get the
 * failure note with a reference, not silence), ready again once it is back, and the bot answers
 * again without a restart. Uses its own PostgreSQL, stopped and restarted on the same port and data
 * directory.
 */
class ReadinessTest {
  private static final String USER = "U0READY01";
  private static final String DM = "D0READY01";

  private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  @Test
  void readyzFollowsPostgresAndTheBotRecoversWithoutARestart(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = dir.resolve("pg");
    EmbeddedPostgres pg = postgres(data, port);
    try (SlackEmulator slack = SlackEmulator.start();
        FakeLlmServer llm = new FakeLlmServer()) {
      slack.addUser(new SlackUser(USER, "ready", "Rea Dy", "ready", "r@example.com"));
      llm.reply(200, ChatCommandTest.textReply("Back again"));
      Map<String, String> env = new HashMap<>();
      env.put("DATABASE_URL", "postgresql://postgres:postgres@localhost:" + port + "/postgres");
      env.put("SLACK_BOT_TOKEN", SlackEmulator.BOT_TOKEN);
      env.put("SLACK_APP_TOKEN", SlackEmulator.APP_TOKEN);
      env.put("SLACK_API_URL", slack.apiUrl());
      env.put("ENCRYPTION_KEY", KeyRing.generateKey());
      env.put("OPENAI_BASE_URL", llm.url() + "/v1");
      env.put("LLM_MODEL", "local-model");
      env.put("MCP_SERVERS_CONFIG", OperatorEndpointsTest.serversConfig(dir).toString());
      env.put("USER_DATA_DIR", dir.resolve("users").toString());
      env.put("HTTP_PORT", "0");
      RunningBot bot = RunningBot.start(Settings.load(env, null), Duration.ofSeconds(5));
      try {
        int http = bot.httpPort();
        assertThat(PrometheusText.get(http, "/readyz").statusCode()).isEqualTo(200);

        pg.close();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> PrometheusText.get(http, "/readyz").statusCode() == 503);
        assertThat(PrometheusText.get(http, "/readyz").body())
            .startsWith("not ready: database")
            .doesNotContain("postgres:postgres");
        assertThat(PrometheusText.get(http, "/healthz").statusCode()).isEqualTo(200);

        slack.sendEvent(
            Events.dm(USER, DM, "anyone there?", slack.nextTs(), null), slack.newEventId(), 0);
        slack.awaitCall(
            "chat.postMessage",
            c -> String.valueOf(c.param("text")).contains("give your admin this reference"),
            Duration.ofSeconds(60));

        pg = postgres(data, port);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> PrometheusText.get(http, "/readyz").statusCode() == 200);
        slack.sendEvent(
            Events.dm(USER, DM, "and now?", slack.nextTs(), null), slack.newEventId(), 0);
        slack.awaitCall(
            "chat.update", c -> "Back again".equals(c.param("text")), Duration.ofSeconds(60));
      } finally {
        bot.stop();
        bot.awaitStopped();
      }
    } finally {
      pg.close();
    }
  }
}
