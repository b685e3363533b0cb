package io.mcpbot.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The neutral model's records reject what no provider could send. */
class ChatModelTest {
  private static final ToolCall CALL = new ToolCall("c1", "t", TestJson.parse("{}"));

  @Test
  void anAssistantMessageNeedsTextOrToolCalls() {
    assertThatThrownBy(() -> new ChatMessage.Assistant(null, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ChatMessage.Assistant(null, List.of(CALL)).toolCalls()).containsExactly(CALL);
  }

  @Test
  void listsAreCopiedSoLaterChangesDoNotLeakIn() {
    List<ToolCall> calls = new ArrayList<>(List.of(CALL));
    ChatMessage.Assistant message = new ChatMessage.Assistant("x", calls);
    calls.clear();

    assertThat(message.toolCalls()).hasSize(1);
  }

  @Test
  void aRequestNeedsAModelMessagesAndAPositiveTokenLimit() {
    List<ChatMessage> hi = List.of(new ChatMessage.User("hi"));
    assertThatThrownBy(() -> new ChatRequest(" ", hi, List.of(), 10, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChatRequest("m", List.of(), List.of(), 10, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChatRequest("m", hi, List.of(), 0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aResponseBecomesTheNextAssistantMessage() {
    ChatResponse response =
        new ChatResponse(null, List.of(CALL), StopReason.TOOL_USE, TokenUsage.NONE);

    assertThat(response.toMessage()).isEqualTo(new ChatMessage.Assistant(null, List.of(CALL)));
    assertThat(
            new ChatResponse(null, List.of(), StopReason.OTHER, TokenUsage.NONE).toMessage().text())
        .isEmpty();
  }

  @Test
  void malformedArgumentsAreRecognisable() {
    assertThat(
            new ToolCall("c", "t", TestJson.parse("{\"_raw\":\"{oops\"}")).hasMalformedArguments())
        .isTrue();
    assertThat(
            new ToolCall("c", "t", TestJson.parse("{\"_raw\":\"x\",\"a\":1}"))
                .hasMalformedArguments())
        .isFalse();
  }

  @Test
  void usageAddsUp() {
    assertThat(new TokenUsage(1, 2).plus(new TokenUsage(10, 20))).isEqualTo(new TokenUsage(11, 22));
  }

  @Test
  void configNeedsAKeyExceptForACompatibleServer() {
    assertThatThrownBy(() -> LlmConfig.builder(ProviderKind.OPENAI, "gpt-4o").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LlmConfig.builder(ProviderKind.OPENAI_COMPATIBLE, "x").build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("baseUrl");
    LlmConfig local =
        new LlmConfig(
            ProviderKind.OPENAI_COMPATIBLE,
            "llama3",
            null,
            URI.create("http://localhost:11434/v1"),
            Duration.ofSeconds(5),
            RetryPolicy.NONE);
    assertThat(local.hasCustomBaseUrl()).isTrue();
    assertThat(
            LlmConfig.builder(ProviderKind.GROQ, "m")
                .apiKey(ApiKey.of("k"))
                .build()
                .hasCustomBaseUrl())
        .isFalse();
  }

  @Test
  void retryPolicyRejectsNonsense() {
    assertThatThrownBy(
            () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    2, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
