package io.mcpbot.bot.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The JSON Slack puts in Socket Mode envelopes. */
final class Payloads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SlackEmulator slack;

  Payloads(SlackEmulator slack) {
    this.slack = slack;
  }

  ObjectNode eventCallback(ObjectNode event, String eventId) {
    ObjectNode p = JSON.createObjectNode();
    p.put("token", "legacy-verification-token");
    p.put("team_id", SlackEmulator.TEAM_ID);
    p.put("api_app_id", SlackEmulator.APP_ID);
    p.set("event", event);
    p.put("type", "event_callback");
    p.put("event_id", eventId);
    p.put("event_time", System.currentTimeMillis() / 1000);
    ObjectNode auth = p.putArray("authorizations").addObject();
    auth.putNull("enterprise_id");
    auth.put("team_id", SlackEmulator.TEAM_ID)
        .put("user_id", SlackEmulator.BOT_USER_ID)
        .put("is_bot", true)
        .put("is_enterprise_install", false);
    p.put("is_ext_shared_channel", false);
    p.put("event_context", "4-emulator-" + eventId);
    return p;
  }

  ObjectNode blockAction(
      String userId, String actionId, String value, String optionValue, String triggerId) {
    ObjectNode p = JSON.createObjectNode();
    p.put("type", "block_actions");
    user(p.putObject("user"), userId);
    p.put("api_app_id", SlackEmulator.APP_ID);
    p.put("token", "legacy-verification-token");
    p.putObject("container").put("type", "view").put("view_id", "VHOME");
    p.put("trigger_id", triggerId);
    p.putObject("team").put("id", SlackEmulator.TEAM_ID).put("domain", "emulator");
    p.put("is_enterprise_install", false);
    ObjectNode view = p.putObject("view");
    view.put("id", "VHOME").put("team_id", SlackEmulator.TEAM_ID).put("type", "home");
    view.putArray("blocks");
    view.put("private_metadata", "").put("callback_id", "").put("hash", "h1");
    view.putObject("state").putObject("values");
    view.put("app_id", SlackEmulator.APP_ID).put("bot_id", SlackEmulator.BOT_ID);
    ObjectNode action = p.putArray("actions").addObject();
    action.put("action_id", actionId).put("block_id", "b1");
    if (optionValue != null) {
      action.put("type", "overflow");
      ObjectNode option = action.putObject("selected_option");
      option.putObject("text").put("type", "plain_text").put("text", optionValue);
      option.put("value", optionValue);
    } else {
      action.put("type", "button").put("value", value);
      action.putObject("text").put("type", "plain_text").put("text", "button");
    }
    action.put("action_ts", slack.nextTs());
    return p;
  }

  ObjectNode viewSubmission(
      String userId, JsonNode opened, Map<String, String> valuesByBlockId, String triggerId) {
    ObjectNode p = JSON.createObjectNode();
    p.put("type", "view_submission");
    p.putObject("team").put("id", SlackEmulator.TEAM_ID).put("domain", "emulator");
    user(p.putObject("user"), userId);
    p.put("api_app_id", SlackEmulator.APP_ID);
    p.put("token", "legacy-verification-token");
    p.put("trigger_id", triggerId);
    ObjectNode view = p.putObject("view");
    view.put("id", "VMODAL").put("team_id", SlackEmulator.TEAM_ID).put("type", "modal");
    view.set("blocks", opened.path("blocks").deepCopy());
    view.put("private_metadata", opened.path("private_metadata").asText(""));
    view.put("callback_id", opened.path("callback_id").asText(""));
    ObjectNode values = view.putObject("state").putObject("values");
    for (JsonNode block : opened.path("blocks")) {
      if ("input".equals(block.path("type").asText())) {
        String blockId = block.path("block_id").asText();
        String actionId = block.path("element").path("action_id").asText();
        ObjectNode input = values.putObject(blockId).putObject(actionId);
        String type = block.path("element").path("type").asText("plain_text_input");
        input.put("type", type);
        state(input, type, valuesByBlockId.get(blockId));
      }
    }
    view.put("hash", "h2");
    view.set("title", opened.path("title").deepCopy());
    view.put("app_id", SlackEmulator.APP_ID).put("bot_id", SlackEmulator.BOT_ID);
    view.put("root_view_id", "VMODAL");
    p.putArray("response_urls");
    p.put("is_enterprise_install", false);
    return p;
  }

  /**
   * The state Slack reports for one input: selects give the chosen option(s) (several values
   * comma-separated), pickers the date or epoch seconds, the rest a value; null leaves it empty.
   */
  private static void state(ObjectNode input, String type, String v) {
    switch (type) {
      case "static_select" -> {
        if (v == null) {
          input.putNull("selected_option");
        } else {
          option(input.putObject("selected_option"), v);
        }
      }
      case "multi_static_select", "checkboxes" -> {
        var list = input.putArray("selected_options");
        if (v != null && !v.isEmpty()) {
          for (String one : v.split(",")) {
            option(list.addObject(), one);
          }
        }
      }
      case "datepicker" -> input.put("selected_date", v);
      case "datetimepicker" -> {
        if (v == null) {
          input.putNull("selected_date_time");
        } else {
          input.put("selected_date_time", Integer.parseInt(v));
        }
      }
      default -> {
        if (v == null) {
          input.putNull("value");
        } else {
          input.put("value", v);
        }
      }
    }
  }

  private static void option(ObjectNode o, String value) {
    o.putObject("text").put("type", "plain_text").put("text", value);
    o.put("value", value);
  }

  private static void user(ObjectNode u, String userId) {
    u.put("id", userId).put("username", userId.toLowerCase()).put("name", userId.toLowerCase());
    u.put("team_id", SlackEmulator.TEAM_ID);
  }

  /** users.info's user object for {@code u}, into the answer {@code r}. */
  void userInfo(SlackUser u, ObjectNode r) {
    ObjectNode user =
        r.putObject("user")
            .put("id", u.id())
            .put("team_id", u.teamId())
            .put("name", u.name())
            .put("real_name", u.realName())
            .put("is_bot", false)
            .put("is_restricted", u.restricted())
            .put("is_ultra_restricted", u.ultraRestricted())
            .put("is_stranger", u.stranger());
    user.putObject("profile")
        .put("email", u.email())
        .put("display_name", u.displayName())
        .put("real_name", u.realName());
  }
}
