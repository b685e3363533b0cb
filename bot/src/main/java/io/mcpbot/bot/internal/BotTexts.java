package io.mcpbot.bot.internal;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.block.LayoutBlock;
import java.time.Duration;
import java.util.List;

/** The bot's own message texts and their blocks. Stateless. */
final class BotTexts {
  static final String THINKING = "Thinking...";

  private BotTexts() {}

  static List<LayoutBlock> progressBlocks(String text) {
    return List.of(
        section(s -> s.text(markdownText(":hourglass_flowing_sand: " + text))),
        context(
            c ->
                c.elements(
                    List.of(
                        markdownText(
                            "mcpbot is working on it; the answer will replace this message.")))));
  }

  static List<LayoutBlock> textBlocks(String mrkdwn) {
    return List.of(section(s -> s.text(markdownText(mrkdwn))));
  }

  static String failure(String ref) {
    return ":warning: Sorry, something went wrong while I was answering. Please try again in a"
        + " moment. If it keeps happening, give your admin this reference: `"
        + ref
        + "`.";
  }

  static String timeout(Duration limit, String ref) {
    return ":hourglass: Sorry, that took longer than "
        + human(limit)
        + " so I stopped. Try a smaller request. Reference: `"
        + ref
        + "`.";
  }

  static String actionFailure(String what, String ref) {
    return ":warning: Sorry, I could not "
        + what
        + ". Please try again; if it keeps happening, give your admin this reference: `"
        + ref
        + "`.";
  }

  static String busy(int limit) {
    return ":raised_hand: You already have "
        + (limit == 1 ? "a request" : limit + " requests")
        + " running. Please wait for "
        + (limit == 1 ? "it" : "one of them")
        + " to finish, then send this again.";
  }

  static String human(Duration d) {
    return d.toSeconds() >= 120 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
  }
}
