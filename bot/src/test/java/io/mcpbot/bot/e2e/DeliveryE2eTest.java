package io.mcpbot.bot.e2e;

import static io.mcpbot.bot.e2e.Rig.ALICE;
import static io.mcpbot.bot.e2e.Rig.BOB;
import static io.mcpbot.bot.e2e.Rig.WAIT;
import static io.mcpbot.bot.e2e.Rig.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.SlackBot;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.users.SaveOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** At-least-once delivery and user isolation, on H2 and on PostgreSQL. */
class DeliveryE2eTest {

  @ParameterizedTest
  @EnumSource(Engine.class)
  void anEventDeliveredFourTimesIsAnsweredOnce(Engine engine) throws Exception {
    try (Rig rig = new Rig(engine)) {
      String ts = rig.slack.nextTs();
      String eventId = rig.slack.newEventId();
      var event = Events.dm(ALICE, dmChannel(ALICE), "only once please", ts, null);
      for (int attempt = 0; attempt < 4; attempt++) {
        rig.slack.awaitAck(rig.slack.sendEvent(event, eventId, attempt), WAIT);
      }
      rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("only once please"));
      // A later reply in the same thread runs in the same lane, after every redelivery: once it
      // is answered, each of them has been handled (and skipped).
      rig.slack.sendEvent(
          Events.dm(ALICE, dmChannel(ALICE), "and this one", rig.slack.nextTs(), ts),
          rig.slack.newEventId(),
          0);
      rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("and this one"));

      // one placeholder for the message, one for the reply
      assertThat(rig.slack.calls("chat.postMessage"))
          .filteredOn(c -> ts.equals(c.param("thread_ts")))
          .hasSize(2);
      assertThat(rig.llm.requests()).filteredOn(r -> asks(r, "only once please")).hasSize(1);
      int rows =
          rig.db
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM processed_events WHERE event_id = :id")
                          .bind("id", eventId)
                          .mapTo(Integer.class)
                          .one());
      assertThat(rows).isEqualTo(1);
    }
  }

  @Test
  void twoBotInstancesOnOnePostgresqlAnswerAnEventOnce() throws Exception {
    try (Rig rig = new Rig(Engine.POSTGRESQL);
        // A second instance: its own connection pool on the same database, its own Socket Mode
        // connection (Slack may redeliver an event to any connection of the app).
        Database second = Database.open(rig.db.database().url());
        SlackEmulator otherSlack = SlackEmulator.start()) {
      otherSlack.addUser(new SlackUser(ALICE, "alice", "Alice Liddell", "alice", "a@example.com"));
      SlackBot other =
          new SlackBot(
              Rig.config(otherSlack).build(),
              new BotServices(Store.of(second), rig.users, rig.pool, rig.runner));
      other.start();
      try {
        String ts = rig.slack.nextTs();
        String eventId = rig.slack.newEventId();
        var event = Events.dm(ALICE, dmChannel(ALICE), "just one of you", ts, null);
        for (int attempt = 0; attempt < 4; attempt++) {
          SlackEmulator to = attempt % 2 == 0 ? rig.slack : otherSlack;
          to.awaitAck(to.sendEvent(event, eventId, attempt), WAIT);
        }
        // A reply in the same thread, to each instance, queues behind that instance's
        // redeliveries in their lane: once both are answered, every redelivery was handled.
        rig.slack.sendEvent(
            Events.dm(ALICE, dmChannel(ALICE), "and this one", rig.slack.nextTs(), ts),
            rig.slack.newEventId(),
            0);
        rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("and this one"));
        // (both emulators count ids and ts alike: pick ones the first cannot have used)
        otherSlack.sendEvent(
            Events.dm(ALICE, dmChannel(ALICE), "and that one", "1800000000.000001", ts),
            "EvOTHER00001",
            0);
        otherSlack.awaitCall("chat.update", c -> c.param("text").contains("and that one"), WAIT);

        List<ApiCall> placeholders = new ArrayList<>();
        for (SlackEmulator s : List.of(rig.slack, otherSlack)) {
          placeholders.addAll(
              s.calls("chat.postMessage").stream()
                  .filter(c -> ts.equals(c.param("thread_ts")))
                  .toList());
        }
        // one for the message, one for each instance's reply
        assertThat(placeholders).hasSize(3);
        assertThat(rig.llm.requests()).filteredOn(r -> asks(r, "just one of you")).hasSize(1);
      } finally {
        other.stop();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void twoUsersToolsNeverCross(Engine engine) throws Exception {
    String aliceToken = "tok_" + "a".repeat(20);
    String bobToken = "tok_" + "b".repeat(20);
    try (Rig rig = new Rig(engine)) {
      assertThat(rig.users.saveCredentials(ALICE, "secret", Map.of("fixture_token", aliceToken)))
          .isInstanceOf(SaveOutcome.Saved.class);
      assertThat(rig.users.saveCredentials(BOB, "secret", Map.of("fixture_token", bobToken)))
          .isInstanceOf(SaveOutcome.Saved.class);

      // both at once, several times each; a session masks only its own user's token, so the
      // other user's token would show in clear
      for (int round = 0; round < 3; round++) {
        String a = rig.dm(ALICE, "env secret");
        String b = rig.dm(BOB, "env secret");
        assertThat(rig.awaitAnswer(dmChannel(ALICE), a, Pattern.compile("FIXTURE_TOKEN is")))
            .isEqualTo("FIXTURE_TOKEN is &lt;masked&gt;");
        assertThat(rig.awaitAnswer(dmChannel(BOB), b, Pattern.compile("FIXTURE_TOKEN is")))
            .isEqualTo("FIXTURE_TOKEN is &lt;masked&gt;");
      }
      assertThat(rig.slack.calls("chat.update"))
          .filteredOn(c -> dmChannel(ALICE).equals(c.param("channel")))
          .allSatisfy(c -> assertThat(c.param("text")).doesNotContain(bobToken));
      assertThat(rig.slack.calls("chat.update"))
          .filteredOn(c -> dmChannel(BOB).equals(c.param("channel")))
          .allSatisfy(c -> assertThat(c.param("text")).doesNotContain(aliceToken));
      // one process each, never shared
      var alice = (ServerStatus.Running) rig.pool.status(ALICE, "secret");
      var bob = (ServerStatus.Running) rig.pool.status(BOB, "secret");
      assertThat(alice.pid()).isNotEqualTo(bob.pid());
      assertThat(rig.pool.stats().perUser()).containsEntry(ALICE, 1).containsEntry(BOB, 1);
    }
  }

  /** Whether the model request is the turn answering {@code text} (its last message). */
  private static boolean asks(JsonNode request, String text) {
    JsonNode messages = request.path("messages");
    return text.equals(messages.path(messages.size() - 1).path("content").asText());
  }
}
