package io.mcpbot.core.agent;

import static io.mcpbot.core.agent.OpenAiReplies.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.store.Conversation;
import io.mcpbot.core.store.MessageRole;
import io.mcpbot.core.store.StoredMessage;
import io.mcpbot.core.store.User;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Full turns over real HTTP (FakeLlmServer as OpenAI) and a real fixture MCP server. */
class AgentTurnTest extends TurnTestBase {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String U = "U0AGENT1";

  AgentRig rig(TestDb db) {
    rig = new AgentRig(db.store(), dir.resolve("user_data"));
    rig.users.ensureUser(
        U, new UserProfile("Ada", "Ada Lovelace", null)); // the bot's first contact
    return rig;
  }

  Agent agent(AgentConfig config) {
    return rig.agent(AgentRig.openAi(llm.url()), config);
  }

  static TurnInput in(String text) {
    return new TurnInput(U, "D1", "T1", text);
  }

  /** The "messages" array of the n-th recorded request. */
  JsonNode messagesOf(int n) throws Exception {
    return JSON.readTree(llm.requests().get(n).body()).get("messages");
  }

  static List<String> roles(JsonNode messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.get("role").asText()));
    return out;
  }

  List<StoredMessage> stored() {
    User user = rig.store.users().findBySlackId(U).orElseThrow();
    Conversation c = rig.store.conversations().find(user.id(), "D1", "T1").orElseThrow();
    return rig.store.conversations().recent(c.id(), 100);
  }

  @DbTest
  void aTurnOnRunningSessionsLooksTheUserUpOnceAndReadsNoCredential(TestDb db) throws Exception {
    rig(db).server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    for (int i = 0; i < 2; i++) {
      llm.reply(200, OpenAiReplies.tools(call("c" + i, "fx__echo", "{\"text\":\"hi\"}")))
          .reply(200, OpenAiReplies.text("done"));
    }
    Agent agent = agent(AgentConfig.defaults("gpt-test"));
    agent.run(in("first"), null); // starts the session
    List<String> sql = io.mcpbot.core.store.RawSql.recordStatements(db.database());

    assertThat(agent.run(in("second"), null).answer()).isEqualTo("done");

    assertThat(sql).filteredOn(q -> q.contains("FROM users")).hasSize(1);
    assertThat(sql).filteredOn(q -> q.contains("user_credentials")).isEmpty();
    assertThat(sql).filteredOn(q -> q.startsWith("UPDATE users")).hasSize(1); // last seen only
  }

  @DbTest
  void toolRunsItsResultGoesBackAndTheAnswerIsStored(TestDb db) throws Exception {
    rig(db).server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    llm.reply(200, OpenAiReplies.tools(call("c1", "fx__echo", "{\"text\":\"hello-arg\"}")))
        .reply(200, OpenAiReplies.text("The echo said hello-arg."));
    Recorder events = new Recorder();

    TurnResult result = agent(AgentConfig.defaults("gpt-test")).run(in("echo hello"), events);

    assertThat(result.answer()).isEqualTo("The echo said hello-arg.");
    assertThat(result.steps()).isEqualTo(2);
    assertThat(result.toolCalls()).isEqualTo(1);
    assertThat(result.usage().inputTokens()).isEqualTo(20);
    assertThat(events.events)
        .containsExactly("thinking", "start fx/echo", "end fx/echo ok", "thinking", "answer");
    JsonNode first = messagesOf(0);
    assertThat(roles(first)).containsExactly("system", "user");
    assertThat(first.get(0).get("content").asText())
        .contains("Ada")
        .contains(U)
        .contains("fx__echo");
    JsonNode tools = JSON.readTree(llm.requests().get(0).body()).get("tools");
    assertThat(tools.findValuesAsText("name")).contains("fx__echo", "fx__slow");
    JsonNode second = messagesOf(1);
    assertThat(roles(second)).containsExactly("system", "user", "assistant", "tool");
    assertThat(second.get(2).get("tool_calls").get(0).get("id").asText()).isEqualTo("c1");
    assertThat(second.get(3).get("tool_call_id").asText()).isEqualTo("c1");
    assertThat(second.get(3).get("content").asText()).isEqualTo("hello-arg");

    assertThat(stored())
        .extracting(StoredMessage::role)
        .containsExactly(
            MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL, MessageRole.ASSISTANT);
    assertThat(stored().getLast().content()).isEqualTo("The echo said hello-arg.");
    assertThat(stored().get(1).toolCallsJson()).contains("fx__echo");

    List<Map<String, Object>> audit =
        db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM tool_calls").mapToMap().list());
    assertThat(audit).hasSize(1);
    Map<String, Object> row = audit.get(0);
    assertThat(row.get("server_name")).isEqualTo("fx");
    assertThat(row.get("tool_name")).isEqualTo("echo");
    assertThat(row.get("ok")).isEqualTo(true);
    assertThat(((Number) row.get("argument_bytes")).intValue())
        .isEqualTo("{\"text\":\"hello-arg\"}".length());
    assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains("hello-arg"));
    assertThat(db.store().usageReport(java.time.Instant.EPOCH).toolCalls())
        .singleElement()
        .satisfies(c -> assertThat(c.calls()).isEqualTo(1));
  }

  @DbTest
  void followUpsInTheThreadCarryTheHistoryAlsoAfterARestart(TestDb db) throws Exception {
    rig(db).server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    llm.reply(200, OpenAiReplies.tools(call("c1", "fx__add", "{\"a\":2,\"b\":3}")))
        .reply(200, OpenAiReplies.text("2 + 3 = 5"))
        .reply(200, OpenAiReplies.text("You asked me to add 2 and 3."))
        .reply(200, OpenAiReplies.text("Still 5."));

    agent(AgentConfig.defaults("gpt-test")).run(in("add 2 and 3"), TurnListener.NONE);
    agent(AgentConfig.defaults("gpt-test")).run(in("what did I ask?"), TurnListener.NONE);
    JsonNode third = messagesOf(2);
    assertThat(roles(third))
        .containsExactly("system", "user", "assistant", "tool", "assistant", "user");
    assertThat(third.get(1).get("content").asText()).isEqualTo("add 2 and 3");
    assertThat(third.get(3).get("content").asText()).isEqualTo("5.0");
    assertThat(third.get(4).get("content").asText()).isEqualTo("2 + 3 = 5");
    assertThat(third.get(5).get("content").asText()).isEqualTo("what did I ask?");

    // a restart: new pool, new agent, same database
    rig.close();
    rig(db);
    TurnResult after = agent(AgentConfig.defaults("gpt-test")).run(in("and now?"), null);
    assertThat(after.answer()).isEqualTo("Still 5.");
    JsonNode fourth = messagesOf(3);
    assertThat(roles(fourth))
        .containsExactly(
            "system", "user", "assistant", "tool", "assistant", "user", "assistant", "user");
    assertThat(fourth.get(6).get("content").asText()).isEqualTo("You asked me to add 2 and 3.");
    // another thread of the same user starts empty
    llm.reply(200, OpenAiReplies.text("fresh"));
    agent(AgentConfig.defaults("gpt-test")).run(new TurnInput(U, "D1", "T2", "new thread"), null);
    assertThat(roles(messagesOf(4))).containsExactly("system", "user");
  }

  @DbTest
  void theStepLimitHolds(TestDb db) throws Exception {
    rig(db).server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    for (int i = 0; i < 5; i++) {
      llm.reply(200, OpenAiReplies.tools(call("c" + i, "fx__echo", "{\"text\":\"again\"}")));
    }

    Agent agent = agent(AgentConfig.builder("gpt-test").stepLimit(2).build());
    // enabling prewarms in the background, which asks the source too: let it finish first
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> rig.pool.status(U, "fx") instanceof io.mcpbot.core.mcp.ServerStatus.Running);
    rig.sourceLookups.set(0);

    TurnResult result = agent.run(in("loop"), null);

    // the store is asked for the user's servers once per turn, never per step or tool call
    assertThat(rig.sourceLookups).hasValue(1);
    assertThat(llm.requests()).hasSize(2);
    assertThat(result.steps()).isEqualTo(2);
    assertThat(result.toolCalls()).isEqualTo(2);
    assertThat(result.answer()).contains("step limit").contains("2 steps").contains("fx__echo");
    assertThat(stored().getLast().content()).isEqualTo(result.answer());
    assertThat(stored()).hasSize(1 + 2 * 2 + 1);
  }

  @DbTest
  void unknownToolsAndMalformedArgumentsAreAnsweredAsErrors(TestDb db) throws Exception {
    rig(db).server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    llm.reply(
            200,
            OpenAiReplies.tools(
                call("c1", "nope__thing", "{}"),
                call("c2", "fx__echo", "{\"text\": \"unterminated")))
        .reply(200, OpenAiReplies.text("sorry"));
    Recorder events = new Recorder();

    agent(AgentConfig.defaults("gpt-test")).run(in("break things"), events);

    JsonNode second = messagesOf(1);
    assertThat(roles(second)).containsExactly("system", "user", "assistant", "tool", "tool");
    assertThat(second.get(3).get("content").asText())
        .startsWith("Error: unknown tool nope__thing; available: ")
        .contains("fx__echo", "fx__add");
    assertThat(second.get(4).get("content").asText())
        .startsWith("Error: ")
        .contains("not valid JSON");
    assertThat(events.events).contains("end nope/thing failed", "end fx/echo failed");
    List<Map<String, Object>> audit =
        db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM tool_calls").mapToMap().list());
    assertThat(audit).singleElement().satisfies(r -> assertThat(r.get("ok")).isEqualTo(false));
    // error results survive the round trip through the store as a flag, the text left as it was
    assertThat(stored().get(2).content()).startsWith("unknown tool nope__thing");
    assertThat(stored().get(2).isError()).isTrue();
    assertThat(stored().get(3).isError()).isTrue();
  }

  @DbTest
  void largeResultsAreTruncatedWithANote(TestDb db) throws Exception {
    rig(db).server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    String big = "x".repeat(1000);
    llm.reply(200, OpenAiReplies.tools(call("c1", "fx__echo", "{\"text\":\"" + big + "\"}")))
        .reply(200, OpenAiReplies.text("long"));

    agent(AgentConfig.builder("gpt-test").sizes(4096, 300).build()).run(in("big"), null);

    String content = messagesOf(1).get(3).get("content").asText();
    assertThat(content).startsWith("x".repeat(300) + "\n[truncated: 700 of 1000 characters cut");
  }

  @DbTest
  void anUnavailableServerIsNamedToTheModelAndInTheAnswer(TestDb db) throws Exception {
    rig(db).server(AgentRig.fixture("fx")).server(AgentRig.fixtureWithToken("gh"));
    rig.enable(U, "fx", Map.of());
    User user = rig.store.users().findBySlackId(U).orElseThrow();
    long gh = rig.store.servers().findByName("gh").orElseThrow().id();
    rig.store.serverConfigs().setEnabled(user.id(), gh, true); // enabled, credential never stored
    llm.reply(200, OpenAiReplies.text("Here you go."));

    TurnResult result = agent(AgentConfig.defaults("gpt-test")).run(in("hi"), null);

    assertThat(result.unavailable())
        .singleElement()
        .satisfies(p -> assertThat(p.server()).isEqualTo("gh"));
    assertThat(result.answer())
        .startsWith("Here you go.\n\nNote: gh is unavailable: ")
        .contains("FIXTURE_TOKEN");
    assertThat(result.answer().split("Note:", -1)).hasSize(2);
    assertThat(messagesOf(0).get(0).get("content").asText())
        .contains("unavailable")
        .contains("- gh: ")
        .contains("fx__echo");
  }

  @DbTest
  void aServerThatFailsToStartIsNamedInTheAnswerWithItsReason(TestDb db) throws Exception {
    io.mcpbot.core.config.ServerDefinition broken =
        new StdioServer(
            "broken",
            dir.resolve("no-such-mcp-server").toString(),
            List.of(),
            Map.of(),
            ServerOptions.NONE.withDescription("cannot start"));
    rig(db).server(AgentRig.fixture("fx")).server(broken);
    rig.enable(U, "fx", Map.of()).enable(U, "broken", Map.of());
    llm.reply(200, OpenAiReplies.text("Done."));

    TurnResult result = agent(AgentConfig.defaults("gpt-test")).run(in("hi"), null);

    assertThat(result.unavailable())
        .singleElement()
        .satisfies(p -> assertThat(p.server()).isEqualTo("broken"));
    assertThat(result.answer())
        .startsWith("Done.\n\nNote: broken is unavailable: ")
        .contains("no-such-mcp-server");
    assertThat(messagesOf(0).get(0).get("content").asText())
        .contains("- broken: ")
        .contains("fx__echo");
    assertThat(stored().getLast().content()).isEqualTo(result.answer());
  }

  @DbTest
  void aProviderErrorPropagatesAfterTheUserMessageIsStored(TestDb db) {
    rig(db).server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    llm.reply(
        401,
        "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");

    assertThatThrownBy(() -> agent(AgentConfig.defaults("gpt-test")).run(in("hello?"), null))
        .isInstanceOf(LlmException.class)
        .hasMessageContaining("OPENAI_API_KEY")
        .hasMessageNotContaining("sk-test-key");
    assertThat(stored()).extracting(StoredMessage::content).containsExactly("hello?");
  }
}
