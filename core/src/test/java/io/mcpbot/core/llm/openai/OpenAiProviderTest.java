package io.mcpbot.core.llm.openai;

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
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.StopReason;
import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.llm.ToolCall;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Chat Completions wire: each request checked field by field, recorded responses replayed. */
class OpenAiProviderTest {
  private final FakeLlmServer server = new FakeLlmServer();
  private final FakeTime time = new FakeTime();

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmProvider provider(ProviderKind kind, String path) {
    LlmConfig config = Fixtures.config(kind, "gpt-4o-mini", URI.create(server.url() + path));
    return LlmProviders.create(config, LlmProviders.defaultHttpClient(), time, time);
  }

  private LlmProvider openai() {
    return provider(ProviderKind.OPENAI, "/v1");
  }

  @Test
  void plainTextRequestHasTheDocumentedShapeAndTheAnswerIsRead() {
    server.reply(200, resource("llm/openai/text.json"));

    ChatResponse response =
        openai()
            .chat(
                new ChatRequest(
                    "gpt-4o-mini",
                    List.of(new ChatMessage.System("You are mcpbot."), new ChatMessage.User("Hi")),
                    List.of(),
                    256,
                    0.2));

    FakeLlmServer.Recorded request = server.only();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(parse(request.body()))
        .isEqualTo(
            parse(
                """
                {"model":"gpt-4o-mini",
                 "messages":[{"role":"system","content":"You are mcpbot."},
                             {"role":"user","content":"Hi"}],
                 "max_completion_tokens":256,
                 "temperature":0.2,
                 "stream":true,
                 "stream_options":{"include_usage":true}}
                """));
    assertThat(response.text()).isEqualTo("Hello! How can I assist you today?");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.stopReason()).isEqualTo(StopReason.END);
    assertThat(response.usage()).isEqualTo(new TokenUsage(19, 10));
  }

  @Test
  void oneToolCallIsParsedAndToolsAreSentAsFunctions() {
    server.reply(200, resource("llm/openai/tool_call.json"));

    ChatResponse response =
        openai()
            .chat(
                Fixtures.request(
                    "gpt-4o-mini",
                    List.of(new ChatMessage.User("Weather in Paris?")),
                    List.of(WEATHER)));

    assertThat(parse(server.only().body()).get("tools"))
        .isEqualTo(
            parse(
                """
                [{"type":"function",
                  "function":{"name":"weather__get_forecast",
                              "description":"Forecast for a city",
                              "parameters":{"type":"object",
                                            "properties":{"city":{"type":"string"},
                                                          "days":{"type":"integer"}},
                                            "required":["city"]}}}]
                """));
    assertThat(response.text()).isNull();
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall(
                "call_12345xyz",
                "weather__get_forecast",
                parse("{\"city\":\"Paris\",\"days\":2}")));
    assertThat(response.usage()).isEqualTo(new TokenUsage(82, 21));
  }

  @Test
  void severalToolCallsInOneResponseKeepTheirOrder() {
    server.reply(200, resource("llm/openai/parallel_tool_calls.json"));

    ChatResponse response =
        openai()
            .chat(
                Fixtures.request(
                    "gpt-4o-mini",
                    List.of(new ChatMessage.User("Paris, Tokyo, bugs?")),
                    List.of(WEATHER)));

    assertThat(response.toolCalls())
        .extracting(ToolCall::id)
        .containsExactly("call_paris01", "call_tokyo02", "call_issues03");
    assertThat(response.toolCalls().get(2).arguments())
        .isEqualTo(parse("{\"query\":\"is:open label:bug\",\"limit\":5}"));
  }

  @Test
  void fullRoundTripSendsAssistantToolCallsAndToolResultsBack() {
    server.reply(200, resource("llm/openai/parallel_tool_calls.json"));
    server.reply(200, resource("llm/openai/final_after_tools.json"));
    LlmProvider provider = openai();
    List<ChatMessage> conversation = new ArrayList<>();
    conversation.add(new ChatMessage.System("You are mcpbot."));
    conversation.add(new ChatMessage.User("Paris, Tokyo, bugs?"));

    ChatResponse first =
        provider.chat(Fixtures.request("gpt-4o-mini", conversation, List.of(WEATHER)));
    conversation.add(first.toMessage());
    conversation.add(
        new ChatMessage.ToolResult("call_paris01", "weather__get_forecast", "14°C", false));
    conversation.add(
        new ChatMessage.ToolResult("call_tokyo02", "weather__get_forecast", "9°C", false));
    conversation.add(
        new ChatMessage.ToolResult(
            "call_issues03", "github__search_issues", "token expired", true));
    ChatResponse second =
        provider.chat(Fixtures.request("gpt-4o-mini", conversation, List.of(WEATHER)));

    assertThat(parse(server.requests().get(1).body()).get("messages"))
        .isEqualTo(
            parse(
                """
                [{"role":"system","content":"You are mcpbot."},
                 {"role":"user","content":"Paris, Tokyo, bugs?"},
                 {"role":"assistant","content":null,
                  "tool_calls":[
                    {"id":"call_paris01","type":"function",
                     "function":{"name":"weather__get_forecast","arguments":"{\\"city\\":\\"Paris\\"}"}},
                    {"id":"call_tokyo02","type":"function",
                     "function":{"name":"weather__get_forecast","arguments":"{\\"city\\":\\"Tokyo\\"}"}},
                    {"id":"call_issues03","type":"function",
                     "function":{"name":"github__search_issues",
                                 "arguments":"{\\"query\\":\\"is:open label:bug\\",\\"limit\\":5}"}}]},
                 {"role":"tool","tool_call_id":"call_paris01","content":"14°C"},
                 {"role":"tool","tool_call_id":"call_tokyo02","content":"9°C"},
                 {"role":"tool","tool_call_id":"call_issues03","content":"Error: token expired"}]
                """));
    assertThat(second.text()).isEqualTo("Paris: 14°C and cloudy today, 16°C and sunny tomorrow.");
    assertThat(second.stopReason()).isEqualTo(StopReason.END);
  }

  @Test
  void malformedArgumentsAreKeptRawAndSentBackVerbatim() {
    server.reply(200, resource("llm/openai/malformed_arguments.json"));
    server.reply(200, resource("llm/openai/final_after_tools.json"));
    LlmProvider provider = openai();
    List<ChatMessage> conversation = new ArrayList<>(List.of(new ChatMessage.User("Paris?")));

    ChatResponse first =
        provider.chat(Fixtures.request("gpt-4o-mini", conversation, List.of(WEATHER)));
    ToolCall broken = first.toolCalls().get(0);
    ToolCall noArgs = first.toolCalls().get(1);
    assertThat(broken.hasMalformedArguments()).isTrue();
    assertThat(broken.arguments().get(ToolCall.RAW_ARGUMENTS).asText())
        .isEqualTo("{\"city\": \"Par");
    assertThat(noArgs.hasMalformedArguments()).isFalse();
    assertThat(noArgs.arguments()).isEqualTo(parse("{}"));

    conversation.add(first.toMessage());
    provider.chat(Fixtures.request("gpt-4o-mini", conversation, List.of(WEATHER)));
    assertThat(
            parse(server.requests().get(1).body())
                .at("/messages/1/tool_calls/0/function/arguments")
                .asText())
        .isEqualTo("{\"city\": \"Par");
  }

  @Test
  void lengthFinishIsMaxTokens() {
    server.reply(200, resource("llm/openai/length.json"));

    ChatResponse response =
        openai()
            .chat(
                Fixtures.request("gpt-4o-mini", List.of(new ChatMessage.User("Rome?")), List.of()));

    assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.text()).isEqualTo("The history of the Roman Empire begins");
  }

  @Test
  void groqUsesTheSameWireUnderItsOwnBasePath() {
    server.reply(200, resource("llm/openai/groq_tool_call.json"));
    LlmProvider groq = provider(ProviderKind.GROQ, "/openai/v1");

    ChatResponse response =
        groq.chat(
            Fixtures.request(
                "llama-3.3-70b-versatile",
                List.of(new ChatMessage.User("Oslo?")),
                List.of(WEATHER)));

    FakeLlmServer.Recorded request = server.only();
    assertThat(groq.name()).isEqualTo("Groq");
    assertThat(request.path()).isEqualTo("/openai/v1/chat/completions");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(parse(request.body()).get("model").asText()).isEqualTo("llama-3.3-70b-versatile");
    assertThat(parse(request.body()).get("max_completion_tokens").asInt()).isEqualTo(256);
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("call_d5wg", "weather__get_forecast", parse("{\"city\":\"Oslo\"}")));
    assertThat(response.usage()).isEqualTo(new TokenUsage(224, 19));
  }

  @Test
  void compatibleServerWithoutKeyGetsNoAuthorizationAndTheClassicMaxTokens() {
    server.reply(200, resource("llm/openai/text.json"));
    LlmConfig config =
        new LlmConfig(
            ProviderKind.OPENAI_COMPATIBLE,
            "llama3.1",
            null,
            URI.create(server.url() + "/v1/"),
            java.time.Duration.ofSeconds(5),
            Fixtures.FAST_RETRY);
    LlmProvider provider =
        LlmProviders.create(config, LlmProviders.defaultHttpClient(), time, time);

    provider.chat(Fixtures.request("llama3.1", List.of(new ChatMessage.User("Hi")), List.of()));

    FakeLlmServer.Recorded request = server.only();
    assertThat(provider.name()).isEqualTo("OpenAI-compatible server");
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("Authorization")).isNull();
    assertThat(parse(request.body()))
        .isEqualTo(
            parse(
                """
                {"model":"llama3.1","messages":[{"role":"user","content":"Hi"}],"max_tokens":256,
                 "stream":true,"stream_options":{"include_usage":true}}
                """));
  }

  @Test
  void oneProviderServesManyVirtualThreadsAtOnce() throws Exception {
    int calls = 40;
    for (int i = 0; i < calls; i++) {
      server.reply(200, resource("llm/openai/text.json"));
    }
    LlmProvider provider = openai();
    List<java.util.concurrent.Future<ChatResponse>> futures = new ArrayList<>();
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < calls; i++) {
        String question = "question " + i;
        futures.add(
            executor.submit(
                () ->
                    provider.chat(
                        Fixtures.request(
                            "gpt-4o-mini", List.of(new ChatMessage.User(question)), List.of()))));
      }
      for (var future : futures) {
        assertThat(future.get().text()).isEqualTo("Hello! How can I assist you today?");
      }
    }
    assertThat(server.requests())
        .extracting(r -> parse(r.body()).at("/messages/0/content").asText())
        .hasSize(calls)
        .doesNotHaveDuplicates()
        .allMatch(q -> q.startsWith("question "));
  }
}
