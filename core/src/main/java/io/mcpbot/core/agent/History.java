package io.mcpbot.core.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.store.MessageRole;
import io.mcpbot.core.store.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored messages to provider-neutral ones and back, within a budget. The history handed to the
 * model always starts with a user message and every assistant tool call is answered by exactly one
 * tool result (a turn interrupted between the two gets a synthetic error result), because both
 * providers reject anything else. Stateless; thread-safe.
 */
final class History {
  static final String INTERRUPTED = "no result was recorded: the turn was interrupted";
  private static final ObjectMapper JSON = new ObjectMapper();

  private History() {}

  /** The assistant's tool calls as stored in messages.tool_calls: [{id, name, arguments}]. */
  static String toolCallsJson(List<ToolCall> calls) {
    ArrayNode array = JSON.createArrayNode();
    for (ToolCall c : calls) {
      ObjectNode o = array.addObject();
      o.put("id", c.id());
      o.put("name", c.name());
      o.set("arguments", c.arguments());
    }
    return array.toString();
  }

  static List<ToolCall> parseToolCalls(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      List<ToolCall> out = new ArrayList<>();
      for (JsonNode n : JSON.readTree(json)) {
        JsonNode args = n.path("arguments");
        out.add(
            new ToolCall(
                n.path("id").asText(),
                n.path("name").asText(),
                args.isMissingNode() ? JSON.createObjectNode() : args));
      }
      return out;
    } catch (JsonProcessingException e) {
      return List.of(); // a corrupt row loses its calls, not the conversation
    }
  }

  /**
   * Turns the stored tail of a conversation (oldest first) into model messages: at most {@code
   * maxMessages} and {@code maxChars}, dropping the oldest first, whole exchanges only.
   */
  static List<ChatMessage> fromStored(List<StoredMessage> stored, int maxMessages, int maxChars) {
    List<StoredMessage> kept = new ArrayList<>(stored);
    while (kept.size() > maxMessages) {
      kept.removeFirst();
    }
    long chars = kept.stream().mapToLong(History::size).sum();
    // keep at least the newest message (the user's own) whatever its size
    while (kept.size() > 1 && chars > maxChars) {
      chars -= size(kept.removeFirst());
    }
    while (!kept.isEmpty() && kept.getFirst().role() != MessageRole.USER) {
      kept.removeFirst();
    }
    return consistent(kept);
  }

  private static List<ChatMessage> consistent(List<StoredMessage> kept) {
    List<ChatMessage> out = new ArrayList<>();
    // tool calls still waiting for their result, by id, in call order
    Map<String, ToolCall> open = new LinkedHashMap<>();
    Map<String, ChatMessage.ToolResult> answered = new HashMap<>();
    for (StoredMessage m : kept) {
      if (m.role() == MessageRole.TOOL) {
        ToolCall call = m.toolCallId() == null ? null : open.remove(m.toolCallId());
        if (call != null) {
          answered.put(call.id(), toolResult(m, call));
          out.add(answered.get(call.id()));
        }
        continue; // a result whose call is not in the window is dropped
      }
      closeOpen(open, out);
      switch (m.role()) {
        case USER -> out.add(new ChatMessage.User(nullToEmpty(m.content())));
        case ASSISTANT -> {
          List<ToolCall> calls = parseToolCalls(m.toolCallsJson());
          if (calls.isEmpty() && m.content() == null) {
            continue;
          }
          out.add(
              new ChatMessage.Assistant(
                  calls.isEmpty() ? nullToEmpty(m.content()) : m.content(), calls));
          calls.forEach(c -> open.put(c.id(), c));
        }
        default -> {} // system rows are not replayed; the prompt is rebuilt every turn
      }
    }
    closeOpen(open, out);
    return out;
  }

  private static void closeOpen(Map<String, ToolCall> open, List<ChatMessage> out) {
    for (ToolCall c : open.values()) {
      out.add(new ChatMessage.ToolResult(c.id(), c.name(), INTERRUPTED, true));
    }
    open.clear();
  }

  private static ChatMessage.ToolResult toolResult(StoredMessage m, ToolCall call) {
    return new ChatMessage.ToolResult(
        call.id(), call.name(), nullToEmpty(m.content()), m.isError());
  }

  private static long size(StoredMessage m) {
    return nullToEmpty(m.content()).length() + nullToEmpty(m.toolCallsJson()).length();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
