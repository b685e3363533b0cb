package io.mcpbot.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.store.MessageRole;
import io.mcpbot.core.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history budget keeps whole tool exchanges and always starts with the user. */
class HistoryTest {
  private final List<StoredMessage> rows = new ArrayList<>();

  private void add(MessageRole role, String content, String callsJson, String callId) {
    add(role, content, callsJson, callId, false);
  }

  private void add(
      MessageRole role, String content, String callsJson, String callId, boolean isError) {
    rows.add(
        new StoredMessage(
            rows.size() + 1, 1, role, content, callsJson, callId, isError, Instant.EPOCH));
  }

  private static String calls(String... ids) {
    List<ToolCall> out = new ArrayList<>();
    for (String id : ids) {
      out.add(
          new ToolCall(
              id,
              "fx__echo",
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .createObjectNode()
                  .put("text", id)));
    }
    return History.toolCallsJson(out);
  }

  @Test
  void aWindowStartingInsideAToolExchangeStartsAtTheNextUserMessage() {
    add(MessageRole.USER, "first", null, null);
    add(MessageRole.ASSISTANT, null, calls("c1"), null);
    add(MessageRole.TOOL, "r1", null, "c1");
    add(MessageRole.ASSISTANT, "answer one", null, null);
    add(MessageRole.USER, "second", null, null);

    List<ChatMessage> h = History.fromStored(rows, 3, 100_000); // window starts at the tool result

    assertThat(h).containsExactly(new ChatMessage.User("second"));
  }

  @Test
  void theCharacterBudgetDropsTheOldestButKeepsTheNewestMessage() {
    add(MessageRole.USER, "a".repeat(50), null, null);
    add(MessageRole.ASSISTANT, "b".repeat(50), null, null);
    add(MessageRole.USER, "c".repeat(500), null, null);

    assertThat(History.fromStored(rows, 40, 120))
        .containsExactly(new ChatMessage.User("c".repeat(500)));
    assertThat(History.fromStored(rows, 40, 1000)).hasSize(3);
  }

  @Test
  void anInterruptedExchangeGetsASyntheticErrorResultAndStrayResultsAreDropped() {
    add(MessageRole.USER, "go", null, null);
    add(MessageRole.ASSISTANT, "calling", calls("c1", "c2"), null);
    add(MessageRole.TOOL, "boom", null, "c1", true);
    add(MessageRole.TOOL, "stray", null, "c9");
    add(MessageRole.USER, "again", null, null);

    List<ChatMessage> h = History.fromStored(rows, 40, 100_000);

    assertThat(h).hasSize(5);
    assertThat(h.get(1)).isInstanceOf(ChatMessage.Assistant.class);
    assertThat(((ChatMessage.Assistant) h.get(1)).toolCalls())
        .extracting(ToolCall::id)
        .containsExactly("c1", "c2");
    assertThat(h.get(2)).isEqualTo(new ChatMessage.ToolResult("c1", "fx__echo", "boom", true));
    assertThat(h.get(3))
        .isEqualTo(new ChatMessage.ToolResult("c2", "fx__echo", History.INTERRUPTED, true));
    assertThat(h.get(4)).isEqualTo(new ChatMessage.User("again"));
  }

  @Test
  void truncationSaysHowMuchWasCutAndAuditErrorsMaskArguments() {
    assertThat(ToolRunner.truncate("abcdef", 10)).isEqualTo("abcdef");
    assertThat(ToolRunner.truncate("x".repeat(150), 100))
        .startsWith("x".repeat(100) + "\n[truncated: 50 of 150 characters cut");
    var args =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .createObjectNode()
            .put("token", "ghp_secretvalue")
            .put("n", 7);
    assertThat(ToolRunner.auditError("bad token ghp_secretvalue given", args))
        .isEqualTo("bad token <argument> given");
  }

  @Test
  void theErrorFlagComesFromTheColumnNotFromTheText() {
    add(MessageRole.USER, "go", null, null);
    add(MessageRole.ASSISTANT, null, calls("c1", "c2"), null);
    add(MessageRole.TOOL, "[tool error] is what the file says", null, "c1");
    add(MessageRole.TOOL, "ERROR: flagged", null, "c2", true);

    assertThat(History.fromStored(rows, 40, 100_000))
        .contains(
            new ChatMessage.ToolResult(
                "c1", "fx__echo", "[tool error] is what the file says", false),
            new ChatMessage.ToolResult("c2", "fx__echo", "ERROR: flagged", true));
  }
}
