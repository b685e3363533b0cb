package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.admin.ServerSync;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcpbot run} as its own JVM getting SIGTERM while a turn is in flight: it stops taking
 * events at once, lets the turn finish within the grace (or gives up at the grace), ends the user's
 * MCP server process and exits.
 */
class RunSigtermTest {
  private static final String USER = "U0SIGTERM";
  private static final String DM = "D0SIGTERM";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ANSWER =
      """
      {"id":"x","object":"chat.completion","model":"m",
       "choices":[{"index":0,"finish_reason":"stop",
                   "message":{"role":"assistant","content":"finished after SIGTERM"}}],
       "usage":{"prompt_tokens":1,"completion_tokens":1}}
      """;

  @TempDir Path dir;
  private final CountDownLatch modelCalled = new CountDownLatch(1);
  private final CountDownLatch modelRelease = new CountDownLatch(1);
  private HttpServer model;
  private SlackEmulator slack;
  private Process child;

  @BeforeEach
  void start() throws Exception {
    // A model that holds its answer until the test releases it.
    model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    model.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    model.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          modelCalled.countDown();
          try {
            modelRelease.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] bytes = ANSWER.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("content-type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (var out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    model.start();
    slack = SlackEmulator.start();
    slack.addUser(new SlackUser(USER, "sig", "Sig Term", "sig", "sig@example.com"));
  }

  @AfterEach
  void stop() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
    modelRelease.countDown();
    model.stop(0);
    slack.close();
  }

  @Test
  void theTurnInFlightFinishesThenSessionsAreClosedAndTheProcessExits() throws Exception {
    List<ProcessHandle> servers = startAndHoldATurn(20);

    child.destroy(); // SIGTERM
    // stops taking events at once, while the turn is still running
    await().atMost(WAIT).until(() -> slack.openConnections() == 0);
    assertThat(child.isAlive())
        .withFailMessage(() -> "exited before the turn finished; stderr:\n" + stderr())
        .isTrue();
    assertThat(servers).allMatch(ProcessHandle::isAlive);

    modelRelease.countDown();
    // the final answer, not the text while it streams in under its status line
    ApiCall answer =
        slack.awaitCall(
            "chat.update", c -> !String.valueOf(c.param("blocks")).contains("hourglass"), WAIT);
    assertThat(answer.param("text"))
        .withFailMessage(() -> "answer: " + answer.param("text") + "\nstderr:\n" + stderr())
        .isEqualTo("finished after SIGTERM");
    assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    await().atMost(WAIT).until(() -> servers.stream().noneMatch(ProcessHandle::isAlive));
    String log = Files.readString(dir.resolve("stderr.txt"));
    assertThat(log).contains("mcpbot ready", "mcpbot disconnected from Slack", "mcpbot stopped");
    assertThat(log).doesNotContain("still running after");
  }

  @Test
  void aTurnOutlastingTheGraceIsCutOffAndTheProcessStillExits() throws Exception {
    List<ProcessHandle> servers = startAndHoldATurn(1);

    child.destroy(); // SIGTERM; the model never answers
    assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    await().atMost(WAIT).until(() -> servers.stream().noneMatch(ProcessHandle::isAlive));
    assertThat(slack.openConnections()).isZero();
    String log = Files.readString(dir.resolve("stderr.txt"));
    assertThat(log).contains("1 turn(s) still running after PT1S", "mcpbot stopped");
  }

  /**
   * Starts {@code mcpbot run} for a user with one enabled server, sends a DM and waits until the
   * model holds it; returns the MCP server processes the bot started.
   */
  private List<ProcessHandle> startAndHoldATurn(int graceSeconds) throws Exception {
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
        {"mcpServers": {"fixture": {"command": "%s", "args": ["%s"]}}}
        """
            .formatted(Fixtures.JAVA, args));
    // A file database the test seeds first, then the child uses (one process at a time).
    String databaseUrl = "jdbc:h2:file:" + dir.resolve("db/mcpbot").toAbsolutePath();
    try (Database db = Database.open(DatabaseUrl.parse(databaseUrl))) {
      db.migrate();
      Store store = Store.of(db);
      ServerSync.sync(store, ServersConfig.load(servers), false);
      long user = store.users().upsert(USER, UserProfile.empty()).id();
      long server = store.servers().findByName("fixture").orElseThrow().id();
      store.serverConfigs().setEnabled(user, server, true);
    }

    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", databaseUrl);
    env.put("SLACK_BOT_TOKEN", SlackEmulator.BOT_TOKEN);
    env.put("SLACK_APP_TOKEN", SlackEmulator.APP_TOKEN);
    env.put("SLACK_API_URL", slack.apiUrl());
    env.put("ENCRYPTION_KEY", KeyRing.generateKey());
    env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + model.getAddress().getPort());
    env.put("LLM_MODEL", "held-model");
    env.put("MCP_SERVERS_CONFIG", servers.toString());
    env.put("USER_DATA_DIR", dir.resolve("users").toString());
    env.put("HTTP_PORT", "0");
    ProcessBuilder pb = ReplicaProcess.runCommand(dir, env, graceSeconds);
    child = pb.start();

    assertThat(slack.awaitConnections(1, WAIT))
        .withFailMessage(() -> "never connected; stderr:\n" + stderr())
        .isTrue();
    String ts = slack.nextTs();
    slack.sendEvent(Events.dm(USER, DM, "hello", ts, null), slack.newEventId(), 0);
    slack.awaitCall("chat.postMessage", c -> ts.equals(c.param("thread_ts")), WAIT);
    assertThat(modelCalled.await(WAIT.toSeconds(), TimeUnit.SECONDS))
        .withFailMessage(() -> "the model was never called; stderr:\n" + stderr())
        .isTrue();
    // the agent listed the user's tools first, so their server process runs
    List<ProcessHandle> mcp = child.toHandle().descendants().toList();
    assertThat(mcp).isNotEmpty();
    return mcp;
  }

  private String stderr() {
    try {
      return Files.readString(dir.resolve("stderr.txt"));
    } catch (java.io.IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
