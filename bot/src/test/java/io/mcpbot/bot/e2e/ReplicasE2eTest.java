package io.mcpbot.bot.e2e;

import static io.mcpbot.bot.e2e.Rig.ALICE;
import static io.mcpbot.bot.e2e.Rig.WAIT;
import static io.mcpbot.bot.e2e.Rig.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.SlackBot;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.bot.internal.HomeActions;
import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.agent.TurnRunner;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.cluster.ReplicaId;
import io.mcpbot.core.cluster.TurnHandoff;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.QueuedTurn;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.users.UserServers;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two bot replicas (two {@link SlackBot}s, each with its own connection pool and {@link
 * TurnHandoff}) on one database: what a stopped replica acked is answered by the next, and the App
 * Home never starts a user's servers away from their lease holder.
 */
class ReplicasE2eTest {
  private static final Duration TTL = Duration.ofSeconds(30);

  /** One replica: its own database pool, handoff and bot, connected to {@code slack}. */
  private record Replica(Database database, TurnHandoff handoff, SlackBot bot) {
    /** As {@code mcpbot run} stops: the bot (grace), then the handoff (releases leases). */
    void stop() {
      try {
        bot.stop();
      } finally {
        handoff.close();
        database.close();
      }
    }
  }

  private static Replica replica(
      Rig rig,
      SlackEmulator slack,
      String id,
      UserServers users,
      SessionPool pool,
      TurnRunner turns)
      throws Exception {
    Database database = Database.open(rig.db.database().url());
    TurnHandoff handoff =
        TurnHandoff.start(database, new ReplicaId(id), TTL, Clock.systemUTC(), null);
    SlackBot bot =
        new SlackBot(
            Rig.config(slack).shutdownGrace(Duration.ofMillis(1)).build(),
            new BotServices(Store.of(database), users, pool, turns, handoff));
    bot.start();
    return new Replica(database, handoff, bot);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aTurnQueuedBehindAnotherWhenTheBotStopsWithoutGraceIsAnsweredByTheNextBot(Engine engine)
      throws Exception {
    try (Rig rig = new Rig(engine)) {
      rig.bot.stop(); // the rig's own bot has no handoff: these replicas take its place
      Replica a = replica(rig, rig.slack, "replica-a", rig.users, rig.pool, rig.runner);
      Replica b = null;
      try {
        String ts = rig.dm(ALICE, "slow");
        assertThat(rig.llm.awaitSlowHeld(1, 30)).isTrue();
        // a reply in the same thread waits in the lane behind the held turn; acked = recorded
        String behind = rig.slack.nextTs();
        rig.slack.awaitAck(
            rig.slack.sendEvent(
                Events.dm(ALICE, dmChannel(ALICE), "after the slow one", behind, ts),
                rig.slack.newEventId(),
                0),
            WAIT);

        a.stop(); // the grace runs out at once: the held turn is cut off, the next never ran
        a = null;
        assertThat(rig.store.turnQueue().waiting(Instant.now(), 10))
            .extracting(QueuedTurn::text)
            .contains("after the slow one");

        b = replica(rig, rig.slack, "replica-b", rig.users, rig.pool, rig.runner);
        rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("You said: after the slow one"));
        Replica bb = b;
        await().atMost(WAIT).until(() -> bb.handoff().queued() == 0);
        assertThat(rig.llm.requests())
            .filteredOn(r -> r.toString().contains("after the slow one"))
            .hasSize(1);
      } finally {
        if (a != null) {
          a.stop();
        }
        if (b != null) {
          b.stop();
        }
      }
    }
  }

  @Test
  void theAppHomeOnAReplicaWithoutTheUsersLeaseListsTheServersAndStartsNothing() throws Exception {
    try (Rig rig = new Rig(Engine.POSTGRESQL);
        Database second = Database.open(rig.db.database().url());
        SlackEmulator otherSlack = SlackEmulator.start()) {
      rig.bot.stop();
      otherSlack.addUser(new SlackUser(ALICE, "alice", "Alice Liddell", "alice", "a@example.com"));
      rig.users.enable(ALICE, "tools");
      // replica B: its own pool (its own MCP processes) and services on the same database
      Store storeB = Store.of(second);
      ServerDirectory directoryB = new ServerDirectory(storeB);
      Replica a = replica(rig, rig.slack, "replica-a", rig.users, rig.pool, rig.runner);
      Replica b = null;
      try (SessionPool poolB =
          new SessionPool(
              Fixtures.config(Files.createTempDirectory("replica-b")),
              new StoreServerSource(storeB, rig.keys, directoryB),
              Fixtures.botEnvFn())) {
        UserServers usersB = new UserServers(storeB, rig.keys, poolB, directoryB);
        TurnRunner turnsB = new Agent(storeB, poolB, rig.provider, AgentConfig.defaults("s"));
        b = replica(rig, otherSlack, "replica-b", usersB, poolB, turnsB);

        // Alice's turn runs on A: A holds her lease and runs her tools server
        String ts = rig.dm(ALICE, "echo on a");
        assertThat(rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("Tool said")))
            .contains("on a");
        assertThat(rig.pool.status(ALICE, "tools")).isInstanceOf(ServerStatus.Running.class);

        // she opens the App Home on B, then presses Enable there
        otherSlack.sendEvent(
            Events.appHomeOpened(ALICE, otherSlack.nextTs()), otherSlack.newEventId(), 0);
        JsonNode home = awaitHome(otherSlack, 1);
        assertThat(home.toString()).contains("*tools*", "Enabled", "another replica");
        otherSlack.clickButton(ALICE, HomeActions.ENABLE, "tools", otherSlack.newTrigger());
        awaitHome(otherSlack, 2);

        assertThat(poolB.stats().perUser()).doesNotContainKey(ALICE);
        assertThat(poolB.status(ALICE, "tools")).isInstanceOf(ServerStatus.NotStarted.class);
        assertThat(rig.store.leases().holder(ALICE, Instant.now())).contains("replica-a");
      } finally {
        if (b != null) {
          b.stop();
        }
        a.stop();
      }
    }
  }

  private static JsonNode awaitHome(SlackEmulator slack, int n) throws InterruptedException {
    var calls = slack.awaitCalls("views.publish", c -> ALICE.equals(c.param("user_id")), n, WAIT);
    return calls.get(calls.size() - 1).json("view");
  }
}
