package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.admin.ServerSync;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code mcpbot run} JVMs (A on the emulator's first connection, B on its second) on one
 * embedded PostgreSQL with one shared USER_DATA_DIR, a scripted model over HTTP and real MCP server
 * processes: events spread over both are answered once, a user's server runs on one replica, a
 * change made through one replica reaches the user's process on the other, and a replica killed
 * mid-turn loses nothing the user sent. Each case has its own users; the kill runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int A = 0;
  private static final int B = 1;
  // short enough for the kill case, long enough that a loaded machine keeps its heartbeats in time
  private static final String LEASE_TTL = "6";

  @TempDir static Path dir;
  private TestDb db;
  private ScriptedModel model;
  private SlackEmulator slack;
  private ReplicaProcess a;
  private ReplicaProcess b;
  private String key;
  private Path users;

  @RegisterExtension
  final TestExecutionExceptionHandler printLogs =
      (context, failure) -> {
        for (ReplicaProcess r : new ReplicaProcess[] {a, b}) {
          if (r != null) {
            System.err.println(r.stderrTail());
          }
        }
        throw failure;
      };

  @BeforeAll
  void startTwoReplicas() throws Exception {
    db = TestDatabases.migrated(TestDatabases.Engine.POSTGRESQL);
    Path servers = dir.resolve("servers_config.json");
    Files.writeString(servers, serversConfig());
    ServerSync.sync(db.store(), ServersConfig.load(servers), false);
    key = KeyRing.generateKey();
    users = dir.resolve("users");
    model = new ScriptedModel();
    slack = SlackEmulator.start();
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("DATABASE_URL", Cli.databaseUrl(db.database().url()));
    env.put("SLACK_BOT_TOKEN", SlackEmulator.BOT_TOKEN);
    env.put("SLACK_APP_TOKEN", SlackEmulator.APP_TOKEN);
    env.put("SLACK_API_URL", slack.apiUrl());
    env.put("ENCRYPTION_KEY", key);
    env.put("OPENAI_BASE_URL", model.url());
    env.put("LLM_MODEL", "scripted");
    env.put("MCP_SERVERS_CONFIG", servers.toString());
    env.put("USER_DATA_DIR", users.toString());
    env.put("MCP_SANDBOX", "off");
    env.put("HTTP_PORT", "0");
    env.put("LEASE_TTL", LEASE_TTL);
    env.put("AGENT_MAX_TURNS_PER_USER", "20");
    // one after the other, so A is the emulator's first connection and B its second
    a = ReplicaProcess.start("a", dir.resolve("a"), env);
    assertThat(slack.awaitConnections(1, WAIT)).withFailMessage(a::stderrTail).isTrue();
    b = ReplicaProcess.start("b", dir.resolve("b"), env);
    assertThat(slack.awaitConnections(2, WAIT)).withFailMessage(b::stderrTail).isTrue();
  }

  @AfterAll
  void stopEverything() {
    // both replicas (and their MCP processes) first, then the model, Slack and the database
    for (AutoCloseable c : new AutoCloseable[] {a, b, model, slack, db}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        System.err.println("could not close " + c + ": " + e);
      }
    }
  }

  @Test
  @Order(1)
  void eventsSpreadOverBothConnectionsAreEachAnsweredOnce() throws Exception {
    List<String> texts = new ArrayList<>();
    Map<String, String> threads = new HashMap<>(); // text -> thread ts
    List<String> envelopes = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      for (int u = 0; u < 3; u++) {
        String user = user("SPREAD" + u);
        String text = "spread " + u + "." + round;
        String ts = slack.nextTs();
        texts.add(text);
        threads.put(text, ts);
        // no connection named: the emulator alternates A, B, A, ... as Slack spreads events
        envelopes.add(slack.sendEvent(Events.dm(user, dm(user), text, ts, null), eventId(), 0));
      }
    }

    for (String text : texts) {
      String user = user("SPREAD" + text.charAt("spread ".length()));
      awaitAnswer(user, threads.get(text), "echo: " + text);
    }
    for (String envelope : envelopes) {
      slack.awaitAck(envelope, WAIT);
    }
    for (String text : texts) {
      String user = user("SPREAD" + text.charAt("spread ".length()));
      assertThat(slack.repliesIn(dm(user), threads.get(text))).as(text).hasSize(1);
      assertThat(model.requestsFor(text)).as(text).hasSize(1);
    }
  }

  @Test
  @Order(2)
  void oneUsersTurnsOnBothReplicasRunTheirServerInOnePlace() throws Exception {
    String user = user("NOTES");
    Path home = homeWith(user, "notes");
    Placement placement = new Placement(a, b, home);
    try {
      String write =
          "call notes__create_entities {\"entities\":[{\"name\":\"left-by-turn-one\","
              + "\"entityType\":\"note\",\"observations\":[\"written through A\"]}]}";
      String first = dmOn(A, user, write);
      awaitAnswer(user, first, t -> t.startsWith("tool said:"));
      List<ProcessHandle> afterFirst = a.serversOf(home);
      assertThat(afterFirst).hasSize(1);

      String second = dmOn(B, user, "call notes__read_graph {}");
      String answer = awaitAnswer(user, second, t -> t.startsWith("tool said:"));

      assertThat(answer).contains("left-by-turn-one", "written through A");
      assertThat(a.serversOf(home)).containsExactlyElementsOf(afterFirst);
      assertThat(home.resolve("memory.json")).exists();
    } finally {
      placement.close();
    }
    assertThat(placement.onBothAtOnce).isEmpty();
    assertThat(placement.seenOnB).isEmpty();
  }

  @Test
  @Order(3)
  void aCredentialSavedThroughAIsUsedByTheNextTurnThroughB() throws Exception {
    String user = keyedUser("KEYED");
    Path home = users.resolve(user);
    awaitAnswer(user, dmOn(B, user, "call keyed__env_dump {}"), t -> t.startsWith("tool said:"));
    ProcessHandle before = only(b.serversOf(home));
    assertThat(ReplicaProcess.environ(before)).contains("FIX_TOKEN=token-one");

    saveThroughA(user, "token-two");
    // B hears of the change and ends the process that has the old value
    await().atMost(WAIT).until(() -> !before.isAlive());

    awaitAnswer(user, dmOn(B, user, "call keyed__env_dump {}"), t -> t.startsWith("tool said:"));
    ProcessHandle after = only(b.serversOf(home));
    assertThat(after.pid()).isNotEqualTo(before.pid());
    assertThat(ReplicaProcess.environ(after))
        .contains("FIX_TOKEN=token-two")
        .doesNotContain("token-one");
  }

  @Test
  @Order(4)
  void aCredentialSavedThroughAStartsNoProcessOnA() throws Exception {
    String user = keyedUser("KEYED2");
    Path home = users.resolve(user);
    Placement placement = new Placement(a, b, home);
    try {
      awaitAnswer(user, dmOn(B, user, "call keyed__env_dump {}"), t -> t.startsWith("tool said:"));
      ProcessHandle before = only(b.serversOf(home));
      saveThroughA(user, "token-two");
      await().atMost(WAIT).until(() -> !before.isAlive());
      awaitAnswer(user, dmOn(B, user, "call keyed__env_dump {}"), t -> t.startsWith("tool said:"));
    } finally {
      placement.close();
    }
    assertThat(placement.seenOnA)
        .as("the user's processes on A (on A and B at once: %s)", placement.onBothAtOnce)
        .isEmpty();
    assertThat(placement.onBothAtOnce).isEmpty();
  }

  @Test
  @Order(5)
  void disableClickedThroughAEndsTheProcessOnB() throws Exception {
    String user = user("DISABLE");
    Path home = homeWith(user, "tools");
    Placement placement = new Placement(a, b, home);
    try {
      awaitAnswer(
          user,
          dmOn(B, user, "call tools__echo {\"text\":\"hi\"}"),
          t -> t.equals("tool said: hi"));
      ProcessHandle server = only(b.serversOf(home));

      slack.awaitAck(
          slack.clickButton(user, "mcpbot.disable", "tools", slack.newTrigger(), A), WAIT);

      await().atMost(WAIT).until(() -> !server.isAlive());
      assertThat(b.serversOf(home)).isEmpty();
    } finally {
      placement.close();
    }
    assertThat(placement.seenOnA).isEmpty();
  }

  /** Last: it kills A. */
  @Test
  @Order(6)
  void aReplicaKilledMidTurnLosesNothingTheUserSent() throws Exception {
    String user = user("KILLED");
    String text = "answer me even if A dies";
    CountDownLatch held = model.holdOnce(text);
    String ts = dmOn(A, user, text);
    assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    a.kill();

    // once A's lease expires, B takes the turn A had recorded and answers it
    awaitAnswer(user, ts, "echo: " + text);
    assertThat(model.requestsFor(text)).hasSize(2);
  }

  // ---- helpers ----

  private String user(String name) {
    String id = "U0" + name;
    slack.addUser(new SlackUser(id, name.toLowerCase(), name, name.toLowerCase(), id + "@x.test"));
    return id;
  }

  private static String dm(String user) {
    return "D" + user.substring(1);
  }

  private String eventId() {
    return slack.newEventId();
  }

  /** A DM from {@code user} delivered on that connection; returns its ts (the thread). */
  private String dmOn(int connection, String user, String text) {
    String ts = slack.nextTs();
    slack.sendEvent(Events.dm(user, dm(user), text, ts, null), eventId(), 0, connection);
    return ts;
  }

  private void awaitAnswer(String user, String ts, String text) {
    awaitAnswer(user, ts, text::equals);
  }

  /** Waits until a message the bot posted in the thread reads as {@code answer}; returns it. */
  private String awaitAnswer(String user, String ts, Predicate<String> answer) {
    String channel = dm(user);
    return await()
        .atMost(WAIT)
        .until(
            () ->
                slack.repliesIn(channel, ts).stream()
                    .map(r -> slack.messageText(channel, r))
                    .filter(t -> t != null && answer.test(t))
                    .findFirst()
                    .orElse(null),
            t -> t != null);
  }

  /** Enables {@code server} for the user; returns the user's directory. */
  private Path homeWith(String user, String server) {
    enable(user, server);
    return users.resolve(user);
  }

  /** A user with the keyed server enabled and its token stored as "token-one". */
  private String keyedUser(String name) {
    String user = user(name);
    long id = enable(user, "keyed");
    long server = db.store().servers().findByName("keyed").orElseThrow().id();
    String token = KeyRing.parse("test", key).encrypt("token-one");
    db.store().credentials().put(id, server, "fix_token", "api_key", token);
    return user;
  }

  /** "Update credentials" of the keyed server clicked and its modal submitted, both on A. */
  private void saveThroughA(String user, String token) throws InterruptedException {
    String trigger = slack.newTrigger();
    slack.clickButton(user, "mcpbot.update_credentials", "keyed", trigger, A);
    JsonNode modal =
        slack
            .awaitCall("views.open", c -> trigger.equals(c.param("trigger_id")), WAIT)
            .json("view");
    Ack saved =
        slack.awaitAck(slack.submitView(user, modal, Map.of("cred:fix_token", token), A), WAIT);
    assertThat(saved.payload().path("response_action").asText()).isEqualTo("clear");
  }

  /** Creates the user with the server enabled (as the Home tab would); returns the user's id. */
  private long enable(String slackUserId, String server) {
    Store store = db.store();
    long id = store.users().upsert(slackUserId, UserProfile.empty()).id();
    store
        .serverConfigs()
        .setEnabled(id, store.servers().findByName(server).orElseThrow().id(), true);
    return id;
  }

  private static ProcessHandle only(List<ProcessHandle> processes) {
    assertThat(processes).hasSize(1);
    return processes.getFirst();
  }

  private static String serversConfig() {
    String fixture =
        Fixtures.fixtureArgs("normal").stream()
            .map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
            .collect(Collectors.joining(", "));
    String memory =
        Fixtures.nodeModules()
            .resolve("@modelcontextprotocol/server-memory/dist/index.js")
            .toString();
    return """
        {"mcpServers": {
          "notes": {"command": "node", "args": ["%s"], "approval": "never",
                    "env": {"MEMORY_FILE_PATH": "./user_data/${user_id}/memory.json"}},
          "tools": {"command": "%s", "args": [%s]},
          "keyed": {"command": "%s", "args": [%s], "env": {"FIX_TOKEN": "${FIX_TOKEN}"},
                    "required_credentials": [{"type": "api_key", "name": "fix_token",
                      "description": "Fixture token", "env_var": "FIX_TOKEN"}]}
        }}
        """
        .formatted(memory, Fixtures.JAVA, fixture, Fixtures.JAVA, fixture);
  }
}
