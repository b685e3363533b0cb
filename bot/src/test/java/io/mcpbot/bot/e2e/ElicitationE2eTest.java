package io.mcpbot.bot.e2e;

import static io.mcpbot.bot.e2e.Rig.ALICE;
import static io.mcpbot.bot.e2e.Rig.BOB;
import static io.mcpbot.bot.e2e.Rig.WAIT;
import static io.mcpbot.bot.e2e.Rig.dmChannel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.users.EnableOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real MCP server (TypeScript SDK, stdio) elicits during a tool call: the card appears in the
 * thread, the modal built from the schema carries every field type back to the server, Decline,
 * Cancel, the timeout, URL mode, and another user who cannot answer. Real Bolt, emulator, core.
 */
class ElicitationE2eTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Rig rig;

  static ServerDefinition asker() throws Exception {
    Path script = Path.of(ElicitationE2eTest.class.getResource("/elicit-server.js").toURI());
    return new StdioServer(
        "asker",
        "node",
        List.of(script.toString(), Fixtures.nodeModules().toString()),
        Map.of(),
        ServerOptions.NONE.withDescription("Asks questions"));
  }

  private void start(Duration timeout) throws Exception {
    rig = new Rig(Engine.H2, c -> c.elicitationTimeout(timeout), Rig.tools(), asker());
    assertThat(rig.users.enable(ALICE, "asker")).isInstanceOf(EnableOutcome.Enabled.class);
  }

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  /** The card posted in the DM thread; returns the elicitation id its buttons carry. */
  private String awaitCard(String threadTs, String action) throws InterruptedException {
    ApiCall card =
        rig.slack.awaitCall(
            "chat.postMessage",
            c ->
                threadTs.equals(c.param("thread_ts"))
                    && String.valueOf(c.param("blocks")).contains(action),
            WAIT);
    for (JsonNode block : card.json("blocks")) {
      for (JsonNode e : block.path("elements")) {
        if (action.equals(e.path("action_id").asText())) {
          return e.path("value").asText();
        }
      }
    }
    throw new AssertionError("no " + action + " button in " + card.param("blocks"));
  }

  private JsonNode toolResult(String ts) throws Exception {
    String answer = rig.awaitAnswer(dmChannel(ALICE), ts, Pattern.compile("Tool said: "));
    return JSON.readTree(answer.substring(answer.indexOf('{')).replace("&quot;", "\""));
  }

  @Test
  void everyFieldTypeRoundTripsThroughTheModalAndOnlyTheRequesterCanAnswer() throws Exception {
    start(Duration.ofMinutes(2));
    String ts = rig.dm(ALICE, "call asker form");
    String id = awaitCard(ts, "elicit_answer");

    rig.slack.clickButton(BOB, "elicit_answer", id, rig.slack.newTrigger());
    ApiCall refused =
        rig.slack.awaitCall("chat.postEphemeral", c -> BOB.equals(c.param("user")), WAIT);
    assertThat(refused.param("text")).contains("Only the person who asked");

    rig.slack.clickButton(ALICE, "elicit_answer", id, rig.slack.newTrigger());
    JsonNode modal = rig.slack.awaitCall("views.open", c -> true, WAIT).json("view");
    assertThat(modal.path("private_metadata").asText()).isEqualTo(id);
    Map<String, String> types = new HashMap<>();
    for (JsonNode b : modal.path("blocks")) {
      if (b.path("type").asText().equals("input")) {
        types.put(b.path("block_id").asText(), b.path("element").path("type").asText());
      }
    }
    assertThat(types)
        .containsEntry("el:name", "plain_text_input")
        .containsEntry("el:email", "email_text_input")
        .containsEntry("el:site", "url_text_input")
        .containsEntry("el:day", "datepicker")
        .containsEntry("el:at", "datetimepicker")
        .containsEntry("el:guests", "number_input")
        .containsEntry("el:budget", "number_input")
        .containsEntry("el:vegan", "checkboxes")
        .containsEntry("el:seat", "static_select")
        .containsEntry("el:meal", "static_select")
        .containsEntry("el:extras", "multi_static_select");
    assertThat(modal.toString()).contains("\"initial_value\":\"Ada\"").contains("Veggie");

    Map<String, String> values = new HashMap<>();
    values.put("el:name", "Grace");
    values.put("el:email", "not-an-email");
    values.put("el:guests", "12");
    Ack rejected = rig.slack.awaitAck(rig.slack.submitView(ALICE, modal, values), WAIT);
    assertThat(rejected.payload().path("response_action").asText()).isEqualTo("errors");
    assertThat(rejected.payload().path("errors").path("el:email").asText()).contains("email");
    assertThat(rejected.payload().path("errors").path("el:guests").asText()).contains("At most 9");

    values.put("el:email", "grace@example.com");
    values.put("el:guests", "3");
    values.put("el:site", "https://example.com/x");
    values.put("el:day", "2026-12-24");
    values.put("el:at", "1798000000");
    values.put("el:budget", "99.5");
    values.put("el:vegan", "true");
    values.put("el:seat", "window");
    values.put("el:meal", "v");
    values.put("el:extras", "wifi,lounge");
    Ack accepted = rig.slack.awaitAck(rig.slack.submitView(ALICE, modal, values), WAIT);
    assertThat(accepted.payload()).isNull();

    JsonNode result = toolResult(ts);
    assertThat(result.path("action").asText()).isEqualTo("accept");
    JsonNode content = result.path("content");
    assertThat(content.path("name").asText()).isEqualTo("Grace");
    assertThat(content.path("email").asText()).isEqualTo("grace@example.com");
    assertThat(content.path("site").asText()).isEqualTo("https://example.com/x");
    assertThat(content.path("day").asText()).isEqualTo("2026-12-24");
    assertThat(content.path("at").asText()).isEqualTo("2026-12-23T04:26:40Z");
    assertThat(content.path("guests").isIntegralNumber()).isTrue();
    assertThat(content.path("guests").asInt()).isEqualTo(3);
    assertThat(content.path("budget").asDouble()).isEqualTo(99.5);
    assertThat(content.path("vegan").asBoolean()).isTrue();
    assertThat(content.path("seat").asText()).isEqualTo("window");
    assertThat(content.path("meal").asText()).isEqualTo("v");
    assertThat(content.path("extras").toString()).isEqualTo("[\"wifi\",\"lounge\"]");
  }

  @Test
  void declineCancelAndTheTimeoutReachTheServer() throws Exception {
    start(Duration.ofSeconds(2));
    String first = rig.dm(ALICE, "call asker form");
    rig.slack.clickButton(ALICE, "elicit_decline", awaitCard(first, "elicit_answer"), "t1");
    assertThat(toolResult(first).path("action").asText()).isEqualTo("decline");

    String second = rig.dm(ALICE, "call asker form");
    rig.slack.clickButton(ALICE, "elicit_cancel", awaitCard(second, "elicit_answer"), "t2");
    assertThat(toolResult(second).path("action").asText()).isEqualTo("cancel");

    String third = rig.dm(ALICE, "call asker form");
    awaitCard(third, "elicit_answer");
    assertThat(toolResult(third).path("action").asText()).isEqualTo("cancel");
    rig.slack.awaitCall(
        "chat.update", c -> String.valueOf(c.param("text")).contains("No answer within"), WAIT);
  }

  @Test
  void urlModeShowsTheUrlAndGoesOnWhenDoneOrWhenTheServerCompletes() throws Exception {
    start(Duration.ofMinutes(2));
    String ts = rig.dm(ALICE, "call asker visit");
    ApiCall card =
        rig.slack.awaitCall(
            "chat.postMessage",
            c ->
                ts.equals(c.param("thread_ts"))
                    && String.valueOf(c.param("blocks")).contains("elicit_url"),
            WAIT);
    assertThat(card.json("blocks").findValuesAsText("url"))
        .containsExactly("https://forms.example.test/sign?x=1");
    assertThat(card.param("text")).contains("`https://forms.example.test/sign?x=1`");
    rig.slack.clickButton(ALICE, "elicit_done", awaitCard(ts, "elicit_done"), "t3");
    assertThat(toolResult(ts).path("action").asText()).isEqualTo("accept");

    String completing = rig.dm(ALICE, "call asker visit_complete");
    awaitCard(completing, "elicit_url");
    // nobody clicks: the server's notifications/elicitation/complete ends the wait
    assertThat(toolResult(completing).path("action").asText()).isEqualTo("accept");
  }
}
