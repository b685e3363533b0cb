package io.mcpbot.bot.internal;

import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import java.util.regex.Pattern;

/**
 * Which events get an answer. DMs arrive as message.im; channel mentions as app_mention only (a
 * channel message event is never answered, so a mention is answered once). Bots, our own messages,
 * edits, joins and every other subtype are ignored. Stateless.
 */
public final class Routing {
  private Routing() {}

  public static boolean answers(MessageEvent e, String botUserId) {
    return "im".equals(e.getChannelType())
        && e.getSubtype() == null
        && e.getEdited() == null
        && human(e.getUser(), e.getBotId(), botUserId)
        && e.getText() != null;
  }

  public static boolean answers(AppMentionEvent e, String botUserId) {
    return e.getSubtype() == null
        && e.getEdited() == null
        && human(e.getUser(), e.getBotId(), botUserId)
        && e.getText() != null
        // In a DM the message.im event already answers it.
        && (e.getChannel() == null || !e.getChannel().startsWith("D"));
  }

  private static boolean human(String user, String botId, String botUserId) {
    return user != null && botId == null && !user.equals(botUserId);
  }

  /** The text without mentions of the bot itself. */
  public static String withoutMention(String text, String botUserId) {
    if (botUserId == null) {
      return text.strip();
    }
    return text.replaceAll("<@" + Pattern.quote(botUserId) + "(\\|[^>]*)?>", " ")
        .replaceAll("\\s{2,}", " ")
        .strip();
  }
}
