package io.mcpbot.core.agent;

import static io.mcpbot.core.agent.OpenAiReplies.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.store.Conversation;
import io.mcpbot.core.store.MessageRole;
import io.mcpbot.core.store.StoredMessage;
import io.mcpbot.core.store.User;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A user's secret never travels with server output; one model step cannot fan out unbounded. */
class TurnSafetyTest extends TurnTestBase {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String U = "U0SAFE1";
  static final String TOKEN = "tok-Secret-4242-abcdef";

  Agent agent(TestDb db, AgentConfig config) {
    rig = new AgentRig(db.store(), dir.resolve("user_data"));
    return rig.agent(AgentRig.openAi(llm.url()), config);
  }

  List<StoredMessage> stored() {
    User user = rig.store.users().findBySlackId(U).orElseThrow();
    Conversation c = rig.store.conversations().find(user.id(), "D1", "T1").orElseThrow();
    return rig.store.conversations().recent(c.id(), 100);
  }

  @DbTest
  void aServerEchoingItsEnvironmentHandsTheModelTheDatabaseAndSlackOnlyAMask(TestDb db)
      throws Exception {
    Agent agent = agent(db, AgentConfig.defaults("gpt-test"));
    rig.server(AgentRig.fixtureWithToken("gh")).enable(U, "gh", Map.of("token", TOKEN));
    llm.reply(200, OpenAiReplies.tools(call("c1", "gh__env_dump", "{}")))
        .reply(200, OpenAiReplies.text("Here is what the server sees."));

    TurnResult result = agent.run(new TurnInput(U, "D1", "T1", "dump your env"), null);

    JsonNode toolMessage = JSON.readTree(llm.requests().get(1).body()).get("messages").get(3);
    assertThat(toolMessage.get("role").asText()).isEqualTo("tool");
    assertThat(toolMessage.get("content").asText())
        .contains("\"FIXTURE_TOKEN\":\"<masked>\"")
        .doesNotContain(TOKEN);
    StoredMessage tool =
        stored().stream().filter(m -> m.role() == MessageRole.TOOL).findFirst().orElseThrow();
    assertThat(tool.content()).contains("<masked>").doesNotContain(TOKEN);
    assertThat(result.answer()).doesNotContain(TOKEN);
    for (var r : llm.requests()) {
      assertThat(r.body()).doesNotContain(TOKEN);
    }
  }

  @DbTest
  void aServerPrintingTheTokenAsItDiesShowsAMaskInTheNoteAndTheAppHome(TestDb db) {
    Agent agent = agent(db, AgentConfig.defaults("gpt-test"));
    StdioServer base = (StdioServer) AgentRig.fixtureWithToken("leaky");
    List<String> args = new ArrayList<>(base.args());
    args.set(args.size() - 1, "crash_leaking_token");
    StdioServer leaky = new StdioServer("leaky", base.command(), args, base.env(), base.options());
    rig.server(leaky).enable(U, "leaky", Map.of("token", TOKEN));
    llm.reply(200, OpenAiReplies.text("Sorry."));

    TurnResult result = agent.run(new TurnInput(U, "D1", "T1", "hi"), null);

    assertThat(result.answer()).contains("leaky is unavailable").doesNotContain(TOKEN);
    assertThat(result.unavailable()).allSatisfy(p -> assertThat(p.reason()).doesNotContain(TOKEN));
    assertThat(llm.requests().get(0).body()).doesNotContain(TOKEN);
    ServerStatus status = rig.pool.status(U, "leaky");
    assertThat(status).isInstanceOf(ServerStatus.Failing.class);
    ServerStatus.Failing failing = (ServerStatus.Failing) status;
    assertThat(failing.lastStderr()).contains("token=<masked>").doesNotContain(TOKEN);
    assertThat(failing.reason()).doesNotContain(TOKEN);
    assertThat(stored()).allSatisfy(m -> assertThat(m.content()).doesNotContain(TOKEN));
  }

  @DbTest
  void callsPastThePerStepCapAreAnsweredAsToolErrors(TestDb db) throws Exception {
    Agent agent = agent(db, AgentConfig.builder("gpt-test").steps(8, 2).build());
    rig.server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    llm.reply(
            200,
            OpenAiReplies.tools(
                call("c1", "fx__echo", "{\"text\":\"one\"}"),
                call("c2", "fx__echo", "{\"text\":\"two\"}"),
                call("c3", "fx__echo", "{\"text\":\"three\"}")))
        .reply(200, OpenAiReplies.text("Did two."));

    TurnResult result = agent.run(new TurnInput(U, "D1", "T1", "echo thrice"), null);

    assertThat(result.toolCalls()).isEqualTo(3);
    JsonNode messages = JSON.readTree(llm.requests().get(1).body()).get("messages");
    assertThat(messages.get(3).get("content").asText()).isEqualTo("one");
    assertThat(messages.get(4).get("content").asText()).isEqualTo("two");
    assertThat(messages.get(5).get("tool_call_id").asText()).isEqualTo("c3");
    assertThat(messages.get(5).get("content").asText())
        .contains("too many tool calls in one step (cap 2)");
    List<Map<String, Object>> audit =
        db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM tool_calls").mapToMap().list());
    assertThat(audit).hasSize(2);
  }
}
