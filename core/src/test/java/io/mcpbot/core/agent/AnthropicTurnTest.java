package io.mcpbot.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpbot.core.llm.ApiKey;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.store.Conversation;
import io.mcpbot.core.store.MessageRole;
import io.mcpbot.core.store.StoredMessage;
import io.mcpbot.core.store.User;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Full turns in the Anthropic Messages format: the agent with the real AnthropicProvider over real
 * HTTP (FakeLlmServer) and a real fixture MCP server, checking every request the model receives.
 */
class AnthropicTurnTest extends TurnTestBase {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String U = "U0CLAUDE1";
  static final String KEY = "sk-ant-test-key-0123";

  LlmProvider anthropic() {
    return LlmProviders.create(
        new LlmConfig(
            ProviderKind.ANTHROPIC,
            "claude-test",
            ApiKey.of(KEY),
            llm.url(),
            Duration.ofSeconds(10),
            new RetryPolicy(
                1,
                Duration.ofMillis(10),
                Duration.ofMillis(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5))),
        LlmProviders.defaultHttpClient());
  }

  static TurnInput in(String text) {
    return new TurnInput(U, "C1", "T9", text);
  }

  /** An Anthropic Messages response: text (may be null) then tool_use blocks {id, name, input}. */
  static String reply(String text, String stopReason, String[]... toolUses) {
    ObjectNode root = JSON.createObjectNode().put("id", "msg_test").put("type", "message");
    root.put("role", "assistant").put("model", "claude-test");
    ArrayNode content = root.putArray("content");
    if (text != null) {
      content.addObject().put("type", "text").put("text", text);
    }
    for (String[] t : toolUses) {
      ObjectNode block = content.addObject().put("type", "tool_use").put("id", t[0]);
      block.put("name", t[1]);
      try {
        block.set("input", JSON.readTree(t[2]));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    root.put("stop_reason", stopReason).putNull("stop_sequence");
    root.putObject("usage").put("input_tokens", 100).put("output_tokens", 7);
    return root.toString();
  }

  JsonNode body(int n) throws Exception {
    return JSON.readTree(llm.requests().get(n).body());
  }

  static List<String> roles(JsonNode messages) {
    List<String> out = new ArrayList<>();
    messages.forEach(m -> out.add(m.get("role").asText()));
    return out;
  }

  List<StoredMessage> stored() {
    User user = rig.store.users().findBySlackId(U).orElseThrow();
    Conversation c = rig.store.conversations().find(user.id(), "C1", "T9").orElseThrow();
    return rig.store.conversations().recent(c.id(), 100);
  }

  @DbTest
  void aFullTurnWithSeveralToolUsesThenAFollowUpInTheAnthropicFormat(TestDb db) throws Exception {
    rig = new AgentRig(db.store(), dir.resolve("user_data"));
    rig.users.ensureUser(U, new UserProfile("Grace", "Grace Hopper", null));
    rig.server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    llm.reply(
            200,
            reply(
                "Let me run both.",
                "tool_use",
                new String[] {"toolu_1", "fx__echo", "{\"text\":\"claude-arg\"}"},
                new String[] {"toolu_2", "fx__add", "{\"a\":2,\"b\":3}"}))
        .reply(200, reply("Echo said claude-arg and 2+3=5.", "end_turn"))
        .reply(200, reply("You asked me to echo claude-arg.", "end_turn"));
    Agent agent =
        rig.agent(anthropic(), AgentConfig.builder("claude-test").sizes(512, 16_000).build());
    Recorder events = new Recorder();

    TurnResult first = agent.run(in("echo and add please"), events);

    assertThat(first.answer()).isEqualTo("Echo said claude-arg and 2+3=5.");
    assertThat(first.steps()).isEqualTo(2);
    assertThat(first.toolCalls()).isEqualTo(2);
    assertThat(first.usage().inputTokens()).isEqualTo(200);
    assertThat(events.events)
        .startsWith("thinking")
        .contains("start fx/echo", "end fx/echo ok", "start fx/add", "end fx/add ok")
        .endsWith("thinking", "answer");

    // request 1: the documented shape (path, headers, top-level system, max_tokens, tools)
    FakeLlmServer.Recorded r0 = llm.requests().get(0);
    assertThat(r0.method()).isEqualTo("POST");
    assertThat(r0.path()).isEqualTo("/v1/messages");
    assertThat(r0.header("x-api-key")).isEqualTo(KEY);
    assertThat(r0.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(r0.header("authorization")).isNull();
    JsonNode b0 = body(0);
    assertThat(b0.get("model").asText()).isEqualTo("claude-test");
    assertThat(b0.get("max_tokens").asInt()).isEqualTo(512);
    assertThat(b0.at("/system/0/text").asText()).contains("Grace").contains(U).contains("fx__echo");
    assertThat(roles(b0.get("messages"))).containsExactly("user");
    assertThat(b0.get("messages").get(0).get("content").asText()).isEqualTo("echo and add please");
    JsonNode tools = b0.get("tools");
    assertThat(tools.findValuesAsText("name")).contains("fx__echo", "fx__add");
    assertThat(tools.get(0).has("input_schema")).isTrue();

    // request 2: the assistant's text and both tool_use blocks, then both results in ONE user turn
    JsonNode m1 = body(1).get("messages");
    assertThat(roles(m1)).containsExactly("user", "assistant", "user");
    JsonNode assistant = m1.get(1).get("content");
    assertThat(assistant.findValuesAsText("type")).containsExactly("text", "tool_use", "tool_use");
    assertThat(assistant.get(1).get("id").asText()).isEqualTo("toolu_1");
    assertThat(assistant.get(1).get("input").get("text").asText()).isEqualTo("claude-arg");
    JsonNode results = m1.get(2).get("content");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("type").asText()).isEqualTo("tool_result");
    assertThat(results.get(0).get("tool_use_id").asText()).isEqualTo("toolu_1");
    assertThat(results.get(0).get("content").asText()).isEqualTo("claude-arg");
    assertThat(results.get(0).get("is_error").asBoolean()).isFalse();
    assertThat(results.get(1).get("tool_use_id").asText()).isEqualTo("toolu_2");
    assertThat(results.get(1).get("content").asText()).isEqualTo("5.0");

    assertThat(stored())
        .extracting(StoredMessage::role)
        .containsExactly(
            MessageRole.USER,
            MessageRole.ASSISTANT,
            MessageRole.TOOL,
            MessageRole.TOOL,
            MessageRole.ASSISTANT);
    assertThat(db.store().usageReport(java.time.Instant.EPOCH).toolCalls())
        .extracting(c -> c.toolName() + "=" + c.calls())
        .containsExactlyInAnyOrder("echo=1", "add=1");

    // a follow-up in the thread, from a fresh agent (as after a restart), replays it all
    Agent restarted = rig.agent(anthropic(), AgentConfig.defaults("claude-test"));
    TurnResult second = restarted.run(in("what did you echo?"), null);

    assertThat(second.answer()).isEqualTo("You asked me to echo claude-arg.");
    JsonNode m2 = body(2).get("messages");
    assertThat(roles(m2)).containsExactly("user", "assistant", "user", "assistant", "user");
    assertThat(m2.get(1).get("content").findValuesAsText("id"))
        .containsExactly("toolu_1", "toolu_2");
    assertThat(m2.get(2).get("content").findValuesAsText("tool_use_id"))
        .containsExactly("toolu_1", "toolu_2");
    assertThat(m2.get(3).get("content").asText()).isEqualTo("Echo said claude-arg and 2+3=5.");
    assertThat(m2.get(4).get("content").asText()).isEqualTo("what did you echo?");
  }

  @DbTest
  void aToolErrorGoesBackAsAnErrorResultIsAuditedAndReplaysAsAnError(TestDb db) throws Exception {
    rig = new AgentRig(db.store(), dir.resolve("user_data"));
    rig.users.ensureUser(U, new UserProfile("Grace", "Grace Hopper", null));
    rig.server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    llm.reply(
            200,
            reply(
                null,
                "tool_use",
                new String[] {"toolu_e", "fx__error_result", "{\"why\":\"secret-reason\"}"}))
        .reply(200, reply("The tool failed.", "end_turn"))
        .reply(200, reply("Still failed.", "end_turn"));
    Agent agent = rig.agent(anthropic(), AgentConfig.defaults("claude-test"));

    TurnResult result = agent.run(in("try the failing tool"), null);

    assertThat(result.answer()).isEqualTo("The tool failed.");
    JsonNode toolResult = body(1).get("messages").get(2).get("content").get(0);
    assertThat(toolResult.get("tool_use_id").asText()).isEqualTo("toolu_e");
    assertThat(toolResult.get("is_error").asBoolean()).isTrue();
    assertThat(toolResult.get("content").asText()).isEqualTo("it failed");
    List<Map<String, Object>> audit =
        db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM tool_calls").mapToMap().list());
    assertThat(audit)
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.get("ok")).isEqualTo(false);
              assertThat(row.get("tool_name")).isEqualTo("error_result");
              assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains("secret-reason"));
            });

    agent.run(in("again?"), null);
    JsonNode replayed = body(2).get("messages").get(2).get("content").get(0);
    assertThat(replayed.get("is_error").asBoolean()).isTrue();
    assertThat(replayed.get("content").asText()).isEqualTo("it failed");
  }
}
