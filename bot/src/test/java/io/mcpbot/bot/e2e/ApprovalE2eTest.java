package io.mcpbot.bot.e2e;

import static io.mcpbot.bot.e2e.Rig.ALICE;
import static io.mcpbot.bot.e2e.Rig.BOB;
import static io.mcpbot.bot.e2e.Rig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.users.EnableOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Approval cards end to end (emulator, real Bolt, real core, a fixture server whose delete_note is
 * annotated destructive): the tool waits for the requester's click, another user is refused
 * privately, a repeated click decides once, Deny and the timeout reach the model, "Always allow"
 * skips the card next time.
 */
class ApprovalE2eTest {
  private Rig rig;

  void start(Duration approvalTimeout) throws Exception {
    StdioServer notes =
        new StdioServer(
            "notes",
            Fixtures.JAVA,
            Fixtures.fixtureArgs("writes"),
            Map.of(),
            ServerOptions.NONE.withDescription("Notes that can be deleted"));
    rig =
        new Rig(
            Engine.H2,
            c -> c,
            notes,
            AgentConfig.builder("scripted").approvalTimeout(approvalTimeout).build());
    assertThat(rig.users.enable(ALICE, "notes")).isInstanceOf(EnableOutcome.Enabled.class);
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  /** Waits for the approval card in the thread; returns it. */
  ApiCall awaitCard(String channel, String ts, int n) throws InterruptedException {
    return rig.slack
        .awaitCalls(
            "chat.postMessage",
            c -> ts.equals(c.param("thread_ts")) && c.param("text").contains("may I run"),
            n,
            WAIT)
        .get(n - 1);
  }

  static String approvalId(ApiCall card) {
    for (JsonNode block : card.json("blocks")) {
      for (JsonNode e : block.path("elements")) {
        if (e.path("action_id").asText().equals("approval_approve")) {
          return e.path("value").asText();
        }
      }
    }
    throw new AssertionError("no Approve button in " + card.param("blocks"));
  }

  @Test
  void theToolWaitsForTheRequestersApprovalOthersAreRefusedAndARepeatedClickDecidesOnce()
      throws Exception {
    start(Duration.ofMinutes(5));
    String channel = Rig.dmChannel(ALICE);
    String ts = rig.dm(ALICE, "delete groceries");

    ApiCall card = awaitCard(channel, ts, 1);
    assertThat(card.param("text")).contains("<@" + ALICE + ">", "`delete_note` from *notes*");
    assertThat(card.param("blocks"))
        .contains("approval_approve", "approval_always", "approval_deny", "groceries");
    assertThat(rig.llm.requests()).hasSize(1); // the tool has not run: no result went back
    String id = approvalId(card);

    Ack bobs = rig.slack.awaitAck(rig.slack.clickButton(BOB, "approval_approve", id, "t1"), WAIT);
    assertThat(bobs).isNotNull();
    ApiCall refusal =
        rig.slack.awaitCall("chat.postEphemeral", c -> BOB.equals(c.param("user")), WAIT);
    assertThat(refusal.param("text")).contains("Only <@" + ALICE + "> can decide");
    assertThat(rig.llm.requests()).hasSize(1);

    rig.slack.awaitAck(rig.slack.clickButton(ALICE, "approval_approve", id, "t2"), WAIT);
    rig.slack.awaitAck(rig.slack.clickButton(ALICE, "approval_deny", id, "t3"), WAIT);

    String answer = rig.awaitAnswer(channel, ts, Pattern.compile("Tool said"));
    assertThat(answer).isEqualTo("Tool said: deleted groceries");
    assertThat(
            rig.slack.calls("chat.update").stream()
                .filter(c -> c.param("text").contains("approved"))
                .toList())
        .singleElement()
        .satisfies(c -> assertThat(String.valueOf(c.param("blocks"))).doesNotContain("approval_"));
    assertThat(rig.slack.calls("chat.update"))
        .noneSatisfy(c -> assertThat(c.param("text")).contains("denied"));
  }

  @Test
  void denyAndAlwaysAllowReachTheTurn() throws Exception {
    start(Duration.ofMinutes(5));
    String channel = Rig.dmChannel(ALICE);

    String first = rig.dm(ALICE, "delete a");
    rig.slack.clickButton(ALICE, "approval_deny", approvalId(awaitCard(channel, first, 1)), "t");
    assertThat(rig.awaitAnswer(channel, first, Pattern.compile("Tool said")))
        .contains("was not run: the user denied this call");

    String second = rig.dm(ALICE, "delete b");
    rig.slack.clickButton(ALICE, "approval_always", approvalId(awaitCard(channel, second, 1)), "t");
    assertThat(rig.awaitAnswer(channel, second, Pattern.compile("Tool said")))
        .isEqualTo("Tool said: deleted b");

    String third = rig.dm(ALICE, "delete c");
    assertThat(rig.awaitAnswer(channel, third, Pattern.compile("Tool said")))
        .isEqualTo("Tool said: deleted c");
    assertThat(rig.slack.calls("chat.postMessage"))
        .filteredOn(c -> third.equals(c.param("thread_ts")))
        .noneSatisfy(c -> assertThat(c.param("text")).contains("may I run"));
  }

  @Test
  void noDecisionInTimeCountsAsDenyAndTheCardSaysSo() throws Exception {
    start(Duration.ofSeconds(1));
    String channel = Rig.dmChannel(ALICE);
    String ts = rig.dm(ALICE, "delete late");

    awaitCard(channel, ts, 1);
    assertThat(rig.awaitAnswer(channel, ts, Pattern.compile("Tool said")))
        .contains("the user did not answer the approval request in time");
    assertThat(rig.slack.calls("chat.update"))
        .anySatisfy(c -> assertThat(c.param("text")).contains(":hourglass: No decision within"));
  }
}
