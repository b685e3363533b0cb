package io.mcpbot.bot.internal;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.MarkdownBlock;
import io.mcpbot.bot.SlackMarkdown;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one answer goes in Slack while it is written: Slack's own stream (chat.startStream /
 * appendStream / stopStream, a message below the placeholder, which keeps the status) when Slack
 * allows it, else the placeholder itself by chat.update (text with the status under it). Used by
 * one {@link PlaceholderProgress} flush at a time, then by the turn's thread after it finished.
 */
final class AnswerOutput {
  private static final Logger log = LoggerFactory.getLogger(AnswerOutput.class);

  /** Refusals that mean this app or workspace cannot stream at all: stop asking. */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "unknown_method",
          "method_not_supported",
          "method_deprecated",
          "not_allowed",
          "not_allowed_token_type",
          "feature_not_enabled",
          "missing_scope");

  private final SlackApi api;
  private final String channel;
  private final String threadTs;
  private final String placeholder;
  private final String user;
  private final String team;
  private volatile String streamTs;
  private volatile int appended;
  private volatile boolean fallback;

  AnswerOutput(
      SlackApi api, String channel, String threadTs, String placeholder, String user, String team) {
    this.api = api;
    this.channel = channel;
    this.threadTs = threadTs;
    this.placeholder = placeholder;
    this.user = user;
    this.team = team;
  }

  /**
   * Brings Slack up to date.
   *
   * @param newStatus the status to show when it changed, else null
   * @param status the status now
   * @param text all of the answer's text so far (may be empty)
   */
  void show(String newStatus, String status, String text) {
    if (!text.isEmpty() && streamTs == null && !fallback) {
      start();
    }
    if (streamTs != null) {
      if (text.length() > appended) {
        api.appendStream(channel, streamTs, text.substring(appended));
        appended = text.length();
      }
      if (newStatus != null) {
        api.updateMessage(channel, placeholder, newStatus, BotTexts.progressBlocks(newStatus));
      }
    } else if (!text.isEmpty()) {
      // the cursor marks the text as still being written (and differs from the final text)
      api.updateMessage(
          channel, placeholder, preview(text, WRITING), writingBlocks(text + WRITING, status));
    } else if (newStatus != null) {
      api.updateMessage(channel, placeholder, newStatus, BotTexts.progressBlocks(newStatus));
    }
  }

  private void start() {
    if (api.streamingUnsupported()) {
      fallback = true;
      return;
    }
    try {
      streamTs = api.startStream(channel, threadTs, user, team);
    } catch (SlackApi.Refused e) {
      fallback = true;
      if (UNSUPPORTED.contains(e.error())) {
        log.info("Slack refused chat.startStream ({}): answers stream by chat.update", e.error());
        api.markStreamingUnsupported();
      } else {
        log.warn("chat.startStream failed ({}); this answer streams by chat.update", e.error());
      }
    } catch (RuntimeException e) {
      fallback = true;
      log.warn("chat.startStream failed; this answer streams by chat.update: {}", e.getMessage());
    }
  }

  /** True when the answer went into a Slack stream (the placeholder then only held status). */
  boolean streamed() {
    return streamTs != null;
  }

  /**
   * Ends the Slack stream with the text not sent yet plus {@code tail}, then removes the
   * placeholder, so the thread keeps exactly one answer.
   */
  void stop(String allText, String tail) {
    String rest = allText.substring(Math.min(appended, allText.length())) + tail;
    api.stopStream(channel, streamTs, rest.isEmpty() ? null : rest);
    try {
      api.deleteMessage(channel, placeholder);
    } catch (RuntimeException e) {
      log.warn("could not remove the placeholder: {}", e.getMessage());
      api.updateMessage(channel, placeholder, DONE, BotTexts.textBlocks(DONE));
    }
  }

  private static final String DONE = "Answered below.";

  /** The note that ends an answer that broke off. */
  static String cutOff(String ref) {
    return ":warning: _The answer was cut off before it was finished._ Please try again. If it"
        + " keeps happening, give your admin this reference: `"
        + ref
        + "`.";
  }

  private static final String WRITING = " ▍";

  /**
   * Streamed text (converted for chat.update) with {@code suffix}, cut to fit one message while it
   * is being written.
   */
  static String preview(String markdown, String suffix) {
    String mrkdwn = SlackMarkdown.toMrkdwn(markdown);
    int max = MessageTurns.MAX_MESSAGE_CHARS - 1 - suffix.length();
    return (mrkdwn.length() <= max ? mrkdwn : mrkdwn.substring(0, max) + "…") + suffix;
  }

  /** The text so far in Slack's markdown block, the status under it. */
  private static List<LayoutBlock> writingBlocks(String markdown, String status) {
    int max = MessageTurns.MAX_MESSAGE_CHARS - 1;
    String shown = markdown.length() <= max ? markdown : markdown.substring(0, max) + "…";
    return List.of(
        MarkdownBlock.builder().text(shown).build(),
        context(c -> c.elements(List.of(markdownText(":hourglass_flowing_sand: " + status)))));
  }
}
