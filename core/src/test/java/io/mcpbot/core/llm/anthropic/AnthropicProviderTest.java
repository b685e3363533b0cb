package io.mcpbot.core.llm.anthropic;

import static io.mcpbot.core.llm.Fixtures.KEY;
import static io.mcpbot.core.llm.Fixtures.WEATHER;
import static io.mcpbot.core.llm.TestJson.parse;
import static io.mcpbot.core.llm.TestJson.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.llm.FakeTime;
import io.mcpbot.core.llm.Fixtures;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.StopReason;
import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.llm.ToolCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Messages API wire: each request checked field by field, recorded responses replayed. */
class AnthropicProviderTest {
  private static final String MODEL = "claude-sonnet-4-5";
  private final FakeLlmServer server = new FakeLlmServer();
  private final FakeTime time = new FakeTime();

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmProvider anthropic() {
    return LlmProviders.create(
        Fixtures.config(ProviderKind.ANTHROPIC, MODEL, server.url()),
        LlmProviders.defaultHttpClient(),
        time,
        time);
  }

  @Test
  void plainTextRequestHasTheDocumentedShapeAndTheAnswerIsRead() {
    server.reply(200, resource("llm/anthropic/text.json"));

    ChatResponse response =
        anthropic()
            .chat(
                new ChatRequest(
                    MODEL,
                    List.of(
                        new ChatMessage.System("You are mcpbot."),
                        new ChatMessage.System("The user is Ada."),
                        new ChatMessage.User("Hi")),
                    List.of(),
                    1024,
                    0.5));

    FakeLlmServer.Recorded request = server.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/messages");
    assertThat(request.header("x-api-key")).isEqualTo(KEY);
    assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("Authorization")).isNull();
    assertThat(parse(request.body()))
        .isEqualTo(
            parse(
                """
                {"model":"claude-sonnet-4-5",
                 "max_tokens":1024,
                 "system":[{"type":"text","text":"You are mcpbot.",
                            "cache_control":{"type":"ephemeral"}},
                           {"type":"text","text":"The user is Ada."}],
                 "messages":[{"role":"user","content":"Hi"}],
                 "temperature":0.5,
                 "stream":true}
                """));
    assertThat(response.text()).isEqualTo("Hello! How can I help you today?");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.stopReason()).isEqualTo(StopReason.END);
    assertThat(response.usage()).isEqualTo(new TokenUsage(21, 12));
  }

  @Test
  void oneToolUseIsParsedAndToolsCarryInputSchema() {
    server.reply(200, resource("llm/anthropic/tool_use.json"));

    ChatResponse response =
        anthropic()
            .chat(
                Fixtures.request(MODEL, List.of(new ChatMessage.User("Paris?")), List.of(WEATHER)));

    assertThat(parse(server.only().body()).get("tools"))
        .isEqualTo(
            parse(
                """
                [{"name":"weather__get_forecast",
                  "description":"Forecast for a city",
                  "input_schema":{"type":"object",
                                  "properties":{"city":{"type":"string"},"days":{"type":"integer"}},
                                  "required":["city"]},
                  "cache_control":{"type":"ephemeral"}}]
                """));
    assertThat(parse(server.only().body()).has("system")).isFalse();
    assertThat(response.text()).isEqualTo("I'll check the forecast for Paris.");
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall(
                "toolu_01A09q90qw90lq917835lq9",
                "weather__get_forecast",
                parse("{\"city\":\"Paris\",\"days\":2}")));
    assertThat(response.usage()).isEqualTo(new TokenUsage(384, 74));
  }

  @Test
  void severalToolUsesInOneResponseKeepTheirOrder() {
    server.reply(200, resource("llm/anthropic/multiple_tool_use.json"));

    ChatResponse response =
        anthropic()
            .chat(Fixtures.request(MODEL, List.of(new ChatMessage.User("All?")), List.of(WEATHER)));

    assertThat(response.toolCalls())
        .extracting(ToolCall::id)
        .containsExactly("toolu_01Paris", "toolu_02Tokyo", "toolu_03Issues");
    assertThat(response.toolCalls().get(2).arguments())
        .isEqualTo(parse("{\"query\":\"is:open label:bug\",\"limit\":5}"));
  }

  @Test
  void fullRoundTripMergesToolResultsIntoOneUserMessage() {
    server.reply(200, resource("llm/anthropic/multiple_tool_use.json"));
    server.reply(200, resource("llm/anthropic/final_after_tools.json"));
    LlmProvider provider = anthropic();
    List<ChatMessage> conversation = new ArrayList<>();
    conversation.add(new ChatMessage.System("You are mcpbot."));
    conversation.add(new ChatMessage.User("All?"));

    ChatResponse first = provider.chat(Fixtures.request(MODEL, conversation, List.of(WEATHER)));
    conversation.add(first.toMessage());
    conversation.add(
        new ChatMessage.ToolResult("toolu_01Paris", "weather__get_forecast", "14°C", false));
    conversation.add(
        new ChatMessage.ToolResult("toolu_02Tokyo", "weather__get_forecast", "9°C", false));
    conversation.add(
        new ChatMessage.ToolResult(
            "toolu_03Issues", "github__search_issues", "token expired", true));
    ChatResponse second = provider.chat(Fixtures.request(MODEL, conversation, List.of(WEATHER)));

    var body = parse(server.requests().get(1).body());
    assertThat(body.at("/system/0/text").asText()).isEqualTo("You are mcpbot.");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.get("messages"))
        .isEqualTo(
            parse(
                """
                [{"role":"user","content":"All?"},
                 {"role":"assistant","content":[
                   {"type":"text","text":"Let me look up both cities and the open bugs."},
                   {"type":"tool_use","id":"toolu_01Paris","name":"weather__get_forecast",
                    "input":{"city":"Paris"}},
                   {"type":"tool_use","id":"toolu_02Tokyo","name":"weather__get_forecast",
                    "input":{"city":"Tokyo"}},
                   {"type":"tool_use","id":"toolu_03Issues","name":"github__search_issues",
                    "input":{"query":"is:open label:bug","limit":5}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_01Paris","content":"14°C","is_error":false},
                   {"type":"tool_result","tool_use_id":"toolu_02Tokyo","content":"9°C","is_error":false},
                   {"type":"tool_result","tool_use_id":"toolu_03Issues","content":"token expired",
                    "is_error":true}]}]
                """));
    assertThat(second.text()).isEqualTo("Paris: 14°C and cloudy today, 16°C and sunny tomorrow.");
    assertThat(second.stopReason()).isEqualTo(StopReason.END);
    assertThat(second.usage()).isEqualTo(new TokenUsage(480, 22));
  }

  @Test
  void historyWithToolOnlyAssistantAndFollowUpKeepsRolesAlternating() {
    server.reply(200, resource("llm/anthropic/text.json"));
    List<ChatMessage> history =
        List.of(
            new ChatMessage.User("Paris?"),
            new ChatMessage.Assistant(
                null,
                List.of(
                    new ToolCall(
                        "toolu_1", "weather__get_forecast", parse("{\"city\":\"Paris\"}")))),
            new ChatMessage.ToolResult("toolu_1", "weather__get_forecast", "14°C", false),
            ChatMessage.Assistant.text("It is 14°C."),
            new ChatMessage.User("And tomorrow?"));

    anthropic().chat(Fixtures.request(MODEL, history, List.of(WEATHER)));

    assertThat(parse(server.only().body()).get("messages"))
        .isEqualTo(
            parse(
                """
                [{"role":"user","content":"Paris?"},
                 {"role":"assistant","content":[
                   {"type":"tool_use","id":"toolu_1","name":"weather__get_forecast",
                    "input":{"city":"Paris"}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_1","content":"14°C","is_error":false}]},
                 {"role":"assistant","content":"It is 14°C."},
                 {"role":"user","content":"And tomorrow?"}]
                """));
  }

  @Test
  void maxTokensStopReasonIsMapped() {
    server.reply(200, resource("llm/anthropic/max_tokens.json"));

    ChatResponse response =
        anthropic()
            .chat(Fixtures.request(MODEL, List.of(new ChatMessage.User("Rome?")), List.of()));

    assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.text()).isEqualTo("The history of the Roman Empire begins");
  }
}
