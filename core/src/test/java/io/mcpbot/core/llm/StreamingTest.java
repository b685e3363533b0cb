package io.mcpbot.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mcpbot.core.llm.internal.ProviderHttp;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streamed answers of both wire formats over real HTTP: text, tool calls, usage, breaks. */
class StreamingTest {
  private final FakeLlmServer server = new FakeLlmServer();
  private final FakeTime time = new FakeTime();
  private final List<String> pieces = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmProvider provider(ProviderKind kind) {
    URI base = kind == ProviderKind.ANTHROPIC ? server.url() : URI.create(server.url() + "/v1");
    return LlmProviders.create(
        Fixtures.config(kind, "m", base), LlmProviders.defaultHttpClient(), time, time);
  }

  private ChatResponse ask(ProviderKind kind) {
    return provider(kind)
        .chat(
            Fixtures.request("m", List.of(new ChatMessage.User("Hi")), List.of(Fixtures.WEATHER)),
            pieces::add);
  }

  @Test
  void openAiDeltasConcatenateToTheAnswerAndUsageIsReadAtTheEnd() {
    server.reply(
        200,
        Sse.openAiPiece("Hel")
            + ": keep-alive comment\n\n"
            + Sse.openAiPiece("lo, ")
            + Sse.openAiPiece("Ada.")
            + Sse.openAiEnd("stop", 1200, 1024, 3),
        Sse.HEADERS);

    ChatResponse response = ask(ProviderKind.OPENAI);

    assertThat(pieces).containsExactly("Hel", "lo, ", "Ada.");
    assertThat(response.text()).isEqualTo(String.join("", pieces)).isEqualTo("Hello, Ada.");
    assertThat(response.stopReason()).isEqualTo(StopReason.END);
    assertThat(response.usage()).isEqualTo(new TokenUsage(1200, 3, 1024));
    assertThat(TestJson.parse(server.only().body()).path("stream").asBoolean()).isTrue();
    assertThat(server.only().header("accept")).isEqualTo("text/event-stream");
  }

  @Test
  void openAiToolCallsAreAssembledFromTheirDeltas() {
    String chunks =
        chunk(
                "{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_a\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"weather__get_forecast\","
                    + "\"arguments\":\"\"}}]}")
            + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}")
            + chunk(
                "{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"weather__get_forecast\",\"arguments\":\"{\\\"city\\\":"
                    + "\\\"Oslo\\\"}\"}}]}")
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":"
                    + "\\\"Rome\\\"}\"}}]}")
            + Sse.openAiEnd("tool_calls", 50, 0, 20);
    server.reply(200, chunks, Sse.HEADERS);

    ChatResponse response = ask(ProviderKind.GROQ);

    assertThat(pieces).isEmpty();
    assertThat(response.text()).isNull();
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("call_a", "weather__get_forecast", TestJson.parse("{\"city\":\"Rome\"}")),
            new ToolCall("call_b", "weather__get_forecast", TestJson.parse("{\"city\":\"Oslo\"}")));
  }

  private static String chunk(String delta) {
    return "data: {\"choices\":[{\"index\":0,\"delta\":" + delta + "}]}\n\n";
  }

  @Test
  void anthropicTextAndToolUseAreAssembledAndCacheUsageIsRead() {
    String events =
        Sse.anthropicStart(30, 2000, 100)
            + Sse.anthropicPiece("Checking ")
            + Sse.anthropicPiece("Rome.")
            + Sse.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
            + Sse.event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":"
                    + "\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather__get_forecast\","
                    + "\"input\":{}}}")
            + Sse.event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
                    + "\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Ro\"}}")
            + Sse.event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":"
                    + "\"input_json_delta\",\"partial_json\":\"me\\\", \\\"days\\\": 2}\"}}")
            + Sse.anthropicEnd("tool_use", 40);
    server.reply(200, events, Sse.HEADERS);

    ChatResponse response = ask(ProviderKind.ANTHROPIC);

    assertThat(pieces).containsExactly("Checking ", "Rome.");
    assertThat(response.text()).isEqualTo("Checking Rome.");
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall(
                "toolu_1",
                "weather__get_forecast",
                TestJson.parse("{\"city\":\"Rome\",\"days\":2}")));
    assertThat(response.usage()).isEqualTo(new TokenUsage(2130, 40, 2000));
  }

  @Test
  void aStreamThatEndsBeforeTheModelFinishedIsCutOffForBothFormats() {
    server.reply(200, Sse.openAiPiece("Half an ") + Sse.openAiPiece("answer"), Sse.HEADERS);
    server.reply(200, Sse.anthropicStart(5, 0, 0) + Sse.anthropicPiece("Half"), Sse.HEADERS);

    LlmException openAi = catchThrowableOfType(LlmException.class, () -> ask(ProviderKind.OPENAI));
    LlmException anthropic =
        catchThrowableOfType(LlmException.class, () -> ask(ProviderKind.ANTHROPIC));

    assertThat(pieces).containsExactly("Half an ", "answer", "Half");
    assertThat(openAi.kind()).isEqualTo(LlmException.Kind.CUT_OFF);
    assertThat(openAi.getMessage())
        .isEqualTo(
            "The answer from OpenAI was cut off: the stream ended before the model finished;"
                + " try again");
    assertThat(anthropic.kind()).isEqualTo(LlmException.Kind.CUT_OFF);
    assertThat(server.requests()).hasSize(2); // never retried once text arrived
  }

  @Test
  void anErrorEventMidStreamSaysWhatTheSameErrorSaysBeforeTheStream() {
    server.reply(
        200,
        Sse.anthropicStart(5, 0, 0)
            + Sse.anthropicPiece("Par")
            + Sse.event(
                "error",
                TestJson.parse(TestJson.resource("llm/anthropic/error_529.json")).toString()),
        Sse.HEADERS);

    LlmException e = catchThrowableOfType(LlmException.class, () -> ask(ProviderKind.ANTHROPIC));

    assertThat(e.kind()).isEqualTo(LlmException.Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .isEqualTo("Anthropic is overloaded (529): Overloaded (the answer broke off mid-stream)");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void failuresBeforeTheFirstByteAreRetriedAsBefore() {
    server.reply(503, TestJson.resource("llm/openai/error_500.json"));
    server.reply(200, Sse.openAiText(List.of("fine")), Sse.HEADERS);

    assertThat(ask(ProviderKind.OPENAI).text()).isEqualTo("fine");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void theByteLimitCoversTheWholeStream() {
    String piece = Sse.openAiPiece("x".repeat(64 * 1024));
    int count = (int) (ProviderHttp.DEFAULT_MAX_RESPONSE_BYTES / piece.length()) + 2;
    server.reply(200, piece.repeat(count) + Sse.openAiEnd("stop", 1, 0, 1), Sse.HEADERS);

    LlmException e = catchThrowableOfType(LlmException.class, () -> ask(ProviderKind.OPENAI));

    assertThat(e.kind()).isEqualTo(LlmException.Kind.MALFORMED);
    assertThat(e.getMessage()).contains("larger than 8388608 bytes");
  }
}
