package io.mcpbot.bot.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Event JSON as Slack delivers it inside event_callback payloads. */
public final class Events {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Events() {}

  /** A direct message (message.im); {@code threadTs} may be null. */
  public static ObjectNode dm(
      String user, String channel, String text, String ts, String threadTs) {
    ObjectNode e = message(channel, ts, "im").put("user", user).put("text", text);
    e.put("client_msg_id", java.util.UUID.randomUUID().toString());
    if (threadTs != null) {
      e.put("thread_ts", threadTs);
    }
    return e;
  }

  /** A plain message in a channel (what message.channels would deliver). */
  public static ObjectNode channelMessage(String user, String channel, String text, String ts) {
    return message(channel, ts, "channel").put("user", user).put("text", text);
  }

  /** An app_mention; {@code threadTs} may be null. */
  public static ObjectNode mention(
      String user, String channel, String text, String ts, String threadTs) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", "app_mention").put("user", user).put("text", text).put("ts", ts);
    e.put("channel", channel).put("event_ts", ts).put("team", SlackEmulator.TEAM_ID);
    if (threadTs != null) {
      e.put("thread_ts", threadTs);
    }
    return e;
  }

  /** A message from another bot (subtype bot_message). */
  public static ObjectNode botMessage(String channel, String text, String ts) {
    return message(channel, ts, "im")
        .put("subtype", "bot_message")
        .put("bot_id", "B0OTHER01")
        .put("text", text);
  }

  /** An app's message without a subtype: it still carries bot_id. */
  public static ObjectNode appMessage(String channel, String user, String text, String ts) {
    return message(channel, ts, "im")
        .put("user", user)
        .put("bot_id", "B0OTHER02")
        .put("text", text);
  }

  /** Our own message echoed back. */
  public static ObjectNode ownMessage(String channel, String text, String ts) {
    return message(channel, ts, "im")
        .put("user", SlackEmulator.BOT_USER_ID)
        .put("bot_id", SlackEmulator.BOT_ID)
        .put("text", text);
  }

  /** An edit of an earlier message (subtype message_changed). */
  public static ObjectNode edit(
      String user, String channel, String originalTs, String text, String ts) {
    ObjectNode e = message(channel, ts, "im").put("subtype", "message_changed").put("hidden", true);
    ObjectNode m =
        e.putObject("message")
            .put("type", "message")
            .put("user", user)
            .put("text", text)
            .put("ts", originalTs);
    m.putObject("edited").put("user", user).put("ts", ts);
    e.putObject("previous_message")
        .put("type", "message")
        .put("user", user)
        .put("text", "before")
        .put("ts", originalTs);
    return e;
  }

  /** A join notice (subtype channel_join). */
  public static ObjectNode join(String user, String channel, String ts) {
    return message(channel, ts, "channel")
        .put("subtype", "channel_join")
        .put("user", user)
        .put("text", "<@" + user + "> has joined the channel");
  }

  /** The user opened the App Home tab. */
  public static ObjectNode appHomeOpened(String user, String ts) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", "app_home_opened").put("user", user).put("channel", "D" + user.substring(1));
    e.put("tab", "home").put("event_ts", ts);
    return e;
  }

  /**
   * The user opened the assistant split view: a new thread {@code threadTs} in their DM, opened
   * while viewing {@code viewedChannel} (null: none).
   */
  public static ObjectNode assistantThreadStarted(
      String user, String threadTs, String viewedChannel) {
    return assistantThread("assistant_thread_started", user, threadTs, viewedChannel);
  }

  /** The user switched channels with the assistant view open. */
  public static ObjectNode assistantThreadContextChanged(
      String user, String threadTs, String viewedChannel) {
    return assistantThread("assistant_thread_context_changed", user, threadTs, viewedChannel);
  }

  private static ObjectNode assistantThread(
      String type, String user, String threadTs, String viewedChannel) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", type).put("event_ts", threadTs);
    ObjectNode t = e.putObject("assistant_thread");
    t.put("user_id", user).put("channel_id", "D" + user.substring(1)).put("thread_ts", threadTs);
    ObjectNode c = t.putObject("context");
    if (viewedChannel != null) {
      c.put("channel_id", viewedChannel).put("team_id", SlackEmulator.TEAM_ID);
      c.put("enterprise_id", (String) null);
    }
    return e;
  }

  private static ObjectNode message(String channel, String ts, String channelType) {
    ObjectNode e = JSON.createObjectNode();
    e.put("type", "message").put("channel", channel).put("ts", ts).put("event_ts", ts);
    e.put("channel_type", channelType).put("team", SlackEmulator.TEAM_ID);
    return e;
  }
}
