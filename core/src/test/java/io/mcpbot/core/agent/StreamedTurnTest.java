package io.mcpbot.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.core.llm.ApiKey;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmException;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.llm.Sse;
import io.mcpbot.core.llm.TestJson;
import io.mcpbot.core.store.TurnUsage;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Streamed turns over real HTTP with a real fixture MCP server: deltas reach the listener and the
 * answer is the final step's pieces; Anthropic requests carry cache markers on a prefix that stays
 * byte-identical across steps and turns; each turn's usage is stored once.
 */
class StreamedTurnTest extends TurnTestBase {
  static final String U = "U0STREAM1";

  LlmProvider provider(ProviderKind kind) {
    return LlmProviders.create(
        new LlmConfig(
            kind,
            "m-test",
            ApiKey.of("sk-test-stream-key"),
            kind == ProviderKind.ANTHROPIC ? llm.url() : java.net.URI.create(llm.url() + "/v1"),
            Duration.ofSeconds(10),
            RetryPolicy.NONE),
        LlmProviders.defaultHttpClient());
  }

  Agent agent(TestDb db, ProviderKind kind) {
    rig = new AgentRig(db.store(), dir.resolve("user_data"));
    rig.users.ensureUser(U, new UserProfile("Grace", null, null));
    rig.server(AgentRig.fixture("fx")).enable(U, "fx", Map.of());
    return rig.agent(provider(kind), AgentConfig.defaults("m-test"));
  }

  static TurnInput in(String text) {
    return new TurnInput(U, "C1", "T1", text);
  }

  @DbTest
  void anthropicStreamsWithCacheMarkersOnAPrefixThatNeverChanges(TestDb db) {
    Agent agent = agent(db, ProviderKind.ANTHROPIC);
    llm.reply(
            200,
            Sse.anthropicStart(900, 0, 800)
                + Sse.anthropicPiece("Let me check.")
                + Sse.anthropicToolUse(1, "toolu_1", "fx__echo", "{\"text\":\"hi\"}")
                + Sse.anthropicEnd("tool_use", 12),
            Sse.HEADERS)
        .reply(
            200,
            Sse.anthropicStart(950, 800, 0)
                + Sse.anthropicPiece("Echo said ")
                + Sse.anthropicPiece("hi.")
                + Sse.anthropicEnd("end_turn", 5),
            Sse.HEADERS)
        .reply(200, Sse.anthropicText(List.of("Again: ", "hi.")), Sse.HEADERS);
    Recorder events = new Recorder();

    TurnResult first = agent.run(in("echo hi"), events);
    TurnResult second = agent.run(in("and again?"), null);

    assertThat(events.pieces).containsExactly("Let me check.", "Echo said ", "hi.");
    assertThat(first.answer()).isEqualTo("Echo said hi.");
    assertThat(second.answer()).isEqualTo("Again: hi.");
    List<JsonNode> bodies = llm.requests().stream().map(r -> TestJson.parse(r.body())).toList();
    for (JsonNode body : bodies) {
      assertThat(body.path("stream").asBoolean()).isTrue();
      assertThat(body.at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
      JsonNode tools = body.path("tools");
      assertThat(tools.get(tools.size() - 1).at("/cache_control/type").asText())
          .isEqualTo("ephemeral");
      assertThat(tools.findValues("cache_control")).hasSize(1); // only on the last one
      // the cached prefix, byte for byte, is the same at every step and turn
      assertThat(tools.toString()).isEqualTo(bodies.get(0).path("tools").toString());
      assertThat(body.path("system").toString()).isEqualTo(bodies.get(0).path("system").toString());
    }
    assertThat(bodies.get(0).path("tools").findValuesAsText("name"))
        .isSorted()
        .contains("fx__echo");

    long conv = db.store().conversations().find(userId(db), "C1", "T1").orElseThrow().id();
    assertThat(db.store().turnUsage().forConversation(conv))
        .extracting(
            TurnUsage::provider,
            TurnUsage::model,
            TurnUsage::inputTokens,
            TurnUsage::cachedInputTokens,
            TurnUsage::outputTokens)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Anthropic", "m-test", 3450L, 800L, 17L),
            org.assertj.core.groups.Tuple.tuple("Anthropic", "m-test", 10L, 0L, 2L));
  }

  @DbTest
  void aContextNoteFollowsTheCachedPrefixUnmarkedAndIsNeverStored(TestDb db) {
    Agent agent = agent(db, ProviderKind.ANTHROPIC);
    llm.reply(200, Sse.anthropicText(List.of("Plain.")), Sse.HEADERS)
        .reply(200, Sse.anthropicText(List.of("In view.")), Sse.HEADERS);
    String note = "The user is viewing channel <#C0VIEWED> in Slack.";

    agent.run(in("hello"), null);
    agent.run(in("and here?").withContext(note), null);

    List<JsonNode> bodies = llm.requests().stream().map(r -> TestJson.parse(r.body())).toList();
    JsonNode plain = bodies.get(0).path("system");
    JsonNode noted = bodies.get(1).path("system");
    assertThat(plain).hasSize(1);
    assertThat(noted).hasSize(2);
    // the cached prefix is the same byte for byte; the note follows it without a marker
    assertThat(noted.get(0).toString()).isEqualTo(plain.get(0).toString());
    assertThat(noted.get(1).path("text").asText()).isEqualTo(note);
    assertThat(noted.get(1).has("cache_control")).isFalse();
    assertThat(bodies.get(1).path("tools").toString())
        .isEqualTo(bodies.get(0).path("tools").toString());
    assertThat(bodies.get(1).path("messages").toString()).doesNotContain("C0VIEWED");
    long conv = db.store().conversations().find(userId(db), "C1", "T1").orElseThrow().id();
    assertThat(db.store().conversations().recent(conv, 10))
        .hasSize(4)
        .noneMatch(m -> String.valueOf(m.content()).contains("C0VIEWED"));
  }

  @DbTest
  void openAiGetsTheContextNoteAsASystemMessageRightAfterThePrompt(TestDb db) {
    Agent agent = agent(db, ProviderKind.OPENAI);
    llm.reply(200, Sse.openAiText(List.of("Seen.")), Sse.HEADERS);

    agent.run(in("where am I?").withContext("The user is viewing channel <#C0VIEWED>."), null);

    JsonNode messages = TestJson.parse(llm.only().body()).path("messages");
    assertThat(messages.findValuesAsText("role")).containsExactly("system", "system", "user");
    assertThat(messages.get(0).path("content").asText()).doesNotContain("C0VIEWED");
    assertThat(messages.get(1).path("content").asText())
        .isEqualTo("The user is viewing channel <#C0VIEWED>.");
  }

  private static long userId(TestDb db) {
    return db.store().users().findBySlackId(U).orElseThrow().id();
  }

  @DbTest
  void openAiToolCallDeltasRunTheToolAndACutOffStreamFailsTheTurnClearly(TestDb db) {
    Agent agent = agent(db, ProviderKind.OPENAI);
    llm.reply(
            200,
            Sse.openAiToolCall(0, "call_1", "fx__echo", "{\"text\":\"streamed\"}")
                + Sse.openAiEnd("tool_calls", 500, 0, 9),
            Sse.HEADERS)
        .reply(
            200,
            Sse.openAiPiece("It said ")
                + Sse.openAiPiece("streamed.")
                + Sse.openAiEnd("stop", 520, 512, 4),
            Sse.HEADERS)
        .reply(200, Sse.openAiPiece("Half of the ") + Sse.openAiPiece("ans"), Sse.HEADERS);
    Recorder events = new Recorder();

    TurnResult result = agent.run(in("echo streamed"), events);

    assertThat(result.answer())
        .isEqualTo("It said streamed.")
        .isEqualTo(String.join("", events.pieces));
    assertThat(events.events).contains("start fx/echo", "end fx/echo ok");
    JsonNode toolResult = TestJson.parse(llm.requests().get(1).body()).at("/messages/3");
    assertThat(toolResult.path("content").asText()).isEqualTo("streamed");
    assertThat(result.usage().cachedInputTokens()).isEqualTo(512);

    Recorder broken = new Recorder();
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> agent.run(in("once more"), broken));
    assertThat(e.kind()).isEqualTo(LlmException.Kind.CUT_OFF);
    assertThat(broken.pieces).containsExactly("Half of the ", "ans");
    assertThat(db.store().turnUsage().since(Instant.EPOCH)).hasSize(1);
  }
}
