package io.mcpbot.bot.internal;

import com.slack.api.bolt.App;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.MarkdownBlock;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.Event;
import com.slack.api.model.event.MessageEvent;
import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.SlackMarkdown;
import io.mcpbot.bot.internal.TurnIntake.Posted;
import io.mcpbot.core.agent.TurnInput;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * DMs and mentions, each answered by one agent turn: recorded durably and acked ({@link
 * TurnIntake}), then per (user, channel, thread) in order on virtual threads: access check,
 * per-user turn limit, placeholder, first contact, progress, answer. Thread-safe.
 */
public final class MessageTurns {
  private static final Logger log = LoggerFactory.getLogger(MessageTurns.class);

  /** The longest text one message carries: Slack's limit for a section block. */
  static final int MAX_MESSAGE_CHARS = 3000;

  private final BotServices core;
  private final SlackApi api;
  private final Lanes lanes;
  private final FirstContact firstContact;
  private final BotConfig config;
  private final Supplier<String> botUserId;
  private final ConnectPrompt connect;
  private volatile ApprovalCards approvals;
  private final ElicitationCards elicitations;
  private final AssistantThreads assistant;
  private final TurnIntake intake;

  public MessageTurns(
      BotServices core,
      SlackApi api,
      Lanes lanes,
      FirstContact firstContact,
      AccessGate gate,
      TurnLimit limit,
      BotConfig config,
      Supplier<String> botUserId,
      ConnectPrompt connect,
      ElicitationCards elicitations,
      AssistantThreads assistant) {
    this.core = core;
    this.api = api;
    this.lanes = lanes;
    this.firstContact = firstContact;
    this.config = config;
    this.botUserId = botUserId;
    this.connect = connect;
    this.elicitations = elicitations;
    this.assistant = assistant;
    this.intake = new TurnIntake(core, api, lanes, gate, limit, config.metrics(), this::turn);
    if (core.handoff() != null) {
      core.handoff().runWith(intake::runHandedOff);
    }
  }

  /** Where tools that need approval ask (none set: such tools do not run); returns this. */
  public MessageTurns approvals(ApprovalCards cards) {
    this.approvals = cards;
    return this;
  }

  public void register(App app) {
    app.event(MessageEvent.class, handler(e -> Routing.answers(e, botUserId.get()), this::posted));
    app.event(
        AppMentionEvent.class, handler(e -> Routing.answers(e, botUserId.get()), this::posted));
  }

  // The two event types share no interface for these fields.
  private Posted posted(MessageEvent e, String team) {
    return posted(team, e.getUser(), e.getChannel(), e.getThreadTs(), e.getTs(), e.getText());
  }

  private Posted posted(AppMentionEvent e, String team) {
    return posted(team, e.getUser(), e.getChannel(), e.getThreadTs(), e.getTs(), e.getText());
  }

  private Posted posted(
      String team, String user, String channel, String threadTs, String ts, String text) {
    String thread = threadTs != null ? threadTs : ts;
    return new Posted(
        user, team, channel, thread, ts, Routing.withoutMention(text, botUserId.get()));
  }

  // Returns the ack only once the turn is recorded (TurnIntake.accept): acked means kept.
  private <E extends Event> BoltEventHandler<E> handler(
      Predicate<E> answered, BiFunction<E, String, Posted> posted) {
    return (payload, ctx) -> {
      E e = payload.getEvent();
      if (answered.test(e)) {
        intake.accept(payload.getEventId(), posted.apply(e, payload.getTeamId()));
      }
      return ctx.ack();
    };
  }

  private void turn(TurnInput req, String team) {
    // one reference per turn, in every log line of it (LOG_FORMAT=json shows it as mdc.ref)
    String ref = RefIds.next();
    MDC.put("ref", ref);
    try {
      turn(req, team, ref);
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
      if (approvals != null) {
        progress.approveVia(approvals.forTurn(req.channelId(), req.threadTs()));
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
   * show; cut into messages of at most {@link #MAX_MESSAGE_CHARS}.
   */
  private void deliver(TurnInput req, String placeholder, String markdown) {
    String text = markdown == null || markdown.isBlank() ? "(no answer)" : markdown;
    List<String> parts = SlackMarkdown.split(text, MAX_MESSAGE_CHARS);
    api.updateMessage(req.channelId(), placeholder, fallback(parts.get(0)), blocks(parts.get(0)));
    for (String part : parts.subList(1, parts.size())) {
      api.postMessage(req.channelId(), req.threadTs(), fallback(part), blocks(part));
    }
  }

  private static String fallback(String markdown) {
    String mrkdwn = SlackMarkdown.toMrkdwn(markdown);
    return mrkdwn.length() <= MAX_MESSAGE_CHARS
        ? mrkdwn
        : mrkdwn.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
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
