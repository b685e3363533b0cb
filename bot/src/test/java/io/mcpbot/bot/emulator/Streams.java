package io.mcpbot.bot.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The emulator's chat.startStream / appendStream / stopStream, as Slack documents them: a stream is
 * a new message in a thread (channels need the recipient user and team), appended to in markdown
 * until stopped. Off until {@link SlackEmulator#supportStreaming()}: then, like an app without
 * Slack's AI features, the methods are unknown. Thread-safe.
 */
final class Streams {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> messages;
  private final Map<String, List<String>> threads;
  private final Supplier<String> nextTs;
  private final Set<String> open = ConcurrentHashMap.newKeySet();
  volatile boolean supported;

  Streams(
      Map<String, String> messages, Map<String, List<String>> threads, Supplier<String> nextTs) {
    this.messages = messages;
    this.threads = threads;
    this.nextTs = nextTs;
  }

  /** The answer to one streaming call, filled into {@code r} or an error. */
  ObjectNode answer(String method, Map<String, String> p, ObjectNode r) {
    if (!supported) {
      return error("unknown_method");
    }
    String channel = p.get("channel");
    switch (method) {
      case "chat.startStream" -> {
        if (channel == null || p.get("thread_ts") == null) {
          return error("invalid_arguments");
        }
        if (channel.startsWith("C")
            && (p.get("recipient_user_id") == null || p.get("recipient_team_id") == null)) {
          return error("missing_recipient_user_id");
        }
        String ts = nextTs.get();
        messages.put(channel + "/" + ts, p.getOrDefault("markdown_text", ""));
        threads
            .computeIfAbsent(channel + "/" + p.get("thread_ts"), k -> new CopyOnWriteArrayList<>())
            .add(ts);
        open.add(channel + "/" + ts);
        r.put("channel", channel).put("ts", ts);
      }
      case "chat.appendStream" -> {
        String key = channel + "/" + p.get("ts");
        if (!open.contains(key)) {
          return error("message_not_in_streaming_state");
        }
        if (p.get("markdown_text") == null || p.get("markdown_text").isEmpty()) {
          return error("no_text");
        }
        messages.merge(key, p.get("markdown_text"), String::concat);
        r.put("channel", channel).put("ts", p.get("ts"));
      }
      default -> {
        String key = channel + "/" + p.get("ts");
        if (!open.remove(key)) {
          return error("message_not_in_streaming_state");
        }
        if (p.get("markdown_text") != null) {
          messages.merge(key, p.get("markdown_text"), String::concat);
        }
        r.put("channel", channel).put("ts", p.get("ts"));
        r.putObject("message").put("text", messages.get(key)).put("ts", p.get("ts"));
      }
    }
    return r;
  }

  private static ObjectNode error(String code) {
    return JSON.createObjectNode().put("ok", false).put("error", code);
  }
}
