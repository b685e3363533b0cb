package io.mcpbot.bot.internal;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.MarkdownBlock;
import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.SlackMarkdown;
import io.mcpbot.core.agent.TurnInput;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One admitted turn as the user sees it in Slack: the placeholder, first contact, progress (with
 * connect prompts, forms and approval cards), then the answer in place of the placeholder, or a
 * failure note with a reference. Thread-safe.
 *
 * @param approvals where tools that need approval ask (null inside: such tools do not run)
 */
record SlackAnswer(
    BotServices core,
    SlackApi api,
    Lanes lanes,
    FirstContact firstContact,
    BotConfig config,
    ConnectPrompt connect,
    ElicitationCards elicitations,
    AssistantThreads assistant,
    Supplier<ApprovalCards> approvals) {
  // the category of every turn's log lines (operators filter on it)
  private static final Logger log = LoggerFactory.getLogger(MessageTurns.class);

  /** Answers one admitted turn in Slack; returns when it is answered (or failed). */
  void turn(TurnInput req, String team) {
    // one reference per turn, in every log line of it (LOG_FORMAT=json shows it as mdc.ref)
    String ref = RefIds.next();
    MDC.put("ref", ref);
    try {
      // in the user's assistant thread the model hears which channel they are looking at
      String note = assistant.contextNote(req.slackUserId(), req.channelId(), req.threadTs());
      turn(note == null ? req : req.withContext(note), team, ref);
    } finally {
      MDC.remove("ref");
    }
  }

  private void turn(TurnInput req, String team, String ref) {
    String placeholder = null;
    PlaceholderProgress progress = null;
    AnswerOutput out = null;
    assistant.turnStarted(req.channelId(), req.threadTs(), req.text());
    try {
      placeholder =
          api.postMessage(
              req.channelId(),
              req.threadTs(),
              BotTexts.THINKING,
              BotTexts.progressBlocks(BotTexts.THINKING));
      // The placeholder goes first: first contact (users.info) must not delay it.
      firstContact.ensureKnown(req.slackUserId());
      out =
          new AnswerOutput(
              api, req.channelId(), req.threadTs(), placeholder, req.slackUserId(), team);
      progress =
          new PlaceholderProgress(out, config.progressInterval(), lanes.executor())
              .connectVia(connect.forTurn(req.slackUserId(), req.channelId(), req.threadTs()))
              .elicitVia(elicitations.forTurn(req.slackUserId(), req.channelId(), req.threadTs()));
      ApprovalCards cards = approvals.get();
      if (cards != null) {
        progress.approveVia(cards.forTurn(req.channelId(), req.threadTs()));
      }
      PlaceholderProgress p = progress;
      Future<String> answer =
          lanes.executor().submit(() -> withRef(ref, () -> core.turns().run(req, p).answer()));
      String text = await(answer, progress);
      PlaceholderProgress.Streamed streamed = progress.finish();
      if (out.streamed()) {
        out.stop(streamed.text(), tail(text, streamed.lastStep()));
      } else {
        deliver(req, placeholder, text);
      }
    } catch (TimeoutException e) {
      log.warn(
          "[ref {}] turn for user {} in {} exceeded {}",
          ref,
          req.slackUserId(),
          req.channelId(),
          config.turnTimeout());
      fail(req, placeholder, progress, out, BotTexts.timeout(config.turnTimeout(), ref));
    } catch (Exception e) {
      log.error(
          "[ref {}] turn failed for user {} in {}", ref, req.slackUserId(), req.channelId(), e);
      fail(req, placeholder, progress, out, null, ref);
    } finally {
      assistant.turnEnded(req.channelId(), req.threadTs());
    }
  }

  private static <T> T withRef(String ref, java.util.concurrent.Callable<T> work) throws Exception {
    MDC.put("ref", ref);
    try {
      return work.call();
    } finally {
      MDC.remove("ref");
    }
  }

  /**
   * What the answer adds after the streamed text of its last step (the notes the agent appends); an
   * answer that does not begin with that text (a note instead of an answer) follows in full.
   */
  static String tail(String answer, String lastStep) {
    String text = answer == null ? "" : answer;
    if (!lastStep.isEmpty() && text.startsWith(lastStep)) {
      return text.substring(lastStep.length());
    }
    return lastStep.isEmpty() && text.isBlank() ? "" : "\n\n" + text;
  }

  private void fail(
      TurnInput req,
      String placeholder,
      PlaceholderProgress progress,
      AnswerOutput out,
      String note,
      String ref) {
    PlaceholderProgress.Streamed streamed =
        progress == null ? new PlaceholderProgress.Streamed("", "") : progress.finish();
    try {
      if (out != null && out.streamed()) {
        // text already in the thread stays; the note says it is incomplete
        out.stop(streamed.text(), "\n\n" + (note != null ? note : AnswerOutput.cutOff(ref)));
        return;
      }
      if (!streamed.text().isBlank()) {
        String text =
            AnswerOutput.preview(
                streamed.text(), "\n\n" + (note != null ? note : AnswerOutput.cutOff(ref)));
        api.updateMessage(req.channelId(), placeholder, text, BotTexts.textBlocks(text));
        return;
      }
    } catch (RuntimeException e) {
      log.error("could not end the answer for user {}: {}", req.slackUserId(), e.getMessage());
      return;
    }
    reply(req, placeholder, note != null ? note : BotTexts.failure(ref));
  }

  private void fail(
      TurnInput req,
      String placeholder,
      PlaceholderProgress progress,
      AnswerOutput out,
      String note) {
    fail(req, placeholder, progress, out, note, null);
  }

  // The time a turn spends waiting for the user's approval does not count against its timeout.
  private String await(Future<String> answer, PlaceholderProgress progress) throws Exception {
    long start = System.nanoTime();
    while (true) {
      long end = start + config.turnTimeout().toNanos() + progress.approvalNanos();
      try {
        return answer.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (start + config.turnTimeout().toNanos() + progress.approvalNanos() > System.nanoTime()) {
          continue;
        }
        answer.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }

  /**
   * The answer in Slack's own markdown block (it renders what models write: headings, tables,
   * nested lists) with the converted mrkdwn as the message text that notifications and old clients
   * show; cut into messages of at most {@link #MessageTurns.MAX_MESSAGE_CHARS}.
   */
  private void deliver(TurnInput req, String placeholder, String markdown) {
    String text = markdown == null || markdown.isBlank() ? "(no answer)" : markdown;
    List<String> parts = SlackMarkdown.split(text, MessageTurns.MAX_MESSAGE_CHARS);
    api.updateMessage(req.channelId(), placeholder, fallback(parts.get(0)), blocks(parts.get(0)));
    for (String part : parts.subList(1, parts.size())) {
      api.postMessage(req.channelId(), req.threadTs(), fallback(part), blocks(part));
    }
  }

  private static String fallback(String markdown) {
    String mrkdwn = SlackMarkdown.toMrkdwn(markdown);
    return mrkdwn.length() <= MessageTurns.MAX_MESSAGE_CHARS
        ? mrkdwn
        : mrkdwn.substring(0, MessageTurns.MAX_MESSAGE_CHARS - 1) + "…";
  }

  static List<LayoutBlock> blocks(String markdown) {
    return List.of(MarkdownBlock.builder().text(markdown).build());
  }

  private void reply(TurnInput req, String placeholder, String text) {
    try {
      if (placeholder != null) {
        api.updateMessage(req.channelId(), placeholder, text, BotTexts.textBlocks(text));
      } else {
        api.postMessage(req.channelId(), req.threadTs(), text, BotTexts.textBlocks(text));
      }
    } catch (RuntimeException e) {
      log.error("could not tell user {} about the failure: {}", req.slackUserId(), e.getMessage());
    }
  }
}
