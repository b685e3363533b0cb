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
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.store.QueuedTurn;
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
 * DMs and mentions, each answered by one agent turn: acks at once, then per (user, channel, thread)
 * in order on virtual threads: dedupe by event_id, access check, per-user turn limit, placeholder,
 * first contact, progress, answer. Thread-safe.
 */
public final class MessageTurns {
  private static final Logger log = LoggerFactory.getLogger(MessageTurns.class);

  /** The longest text one message carries: Slack's limit for a section block. */
  static final int MAX_MESSAGE_CHARS = 3000;

  private final BotServices core;
  private final SlackApi api;
  private final Lanes lanes;
  private final FirstContact firstContact;
  private final AccessGate gate;
  private final TurnLimit limit;
  private final BotConfig config;
  private final Supplier<String> botUserId;
  private final ConnectPrompt connect;
  private volatile ApprovalCards approvals;
  private final ElicitationCards elicitations;
  private final AssistantThreads assistant;

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
    this.gate = gate;
    this.limit = limit;
    this.config = config;
    this.botUserId = botUserId;
    this.connect = connect;
    this.elicitations = elicitations;
    this.assistant = assistant;
    if (core.handoff() != null) {
      core.handoff().runWith(this::runHandedOff);
    }
  }

  /** Where tools that need approval ask (none set: such tools do not run); returns this. */
  public MessageTurns approvals(ApprovalCards cards) {
    this.approvals = cards;
    return this;
  }

  public void register(App app) {
    app.event(
        MessageEvent.class,
        handler(
            e -> Routing.answers(e, botUserId.get()),
            (e, team) ->
                new Posted(
                    e.getUser(), team, e.getChannel(), e.getThreadTs(), e.getTs(), e.getText())));
    app.event(
        AppMentionEvent.class,
        handler(
            e -> Routing.answers(e, botUserId.get()),
            (e, team) ->
                new Posted(
                    e.getUser(), team, e.getChannel(), e.getThreadTs(), e.getTs(), e.getText())));
  }

  /** A message to answer, from either event type; {@code team} is the event's workspace. */
  private record Posted(
      String user, String team, String channel, String threadTs, String ts, String text) {}

  private <E extends Event> BoltEventHandler<E> handler(
      Predicate<E> answered, BiFunction<E, String, Posted> posted) {
    return (payload, ctx) -> {
      E e = payload.getEvent();
      if (answered.test(e)) {
        accept(payload.getEventId(), posted.apply(e, payload.getTeamId()));
      }
      return ctx.ack();
    };
  }

  private void accept(String eventId, Posted m) {
    String thread = m.threadTs() != null ? m.threadTs() : m.ts();
    String key = eventId != null ? eventId : m.channel() + ":" + m.ts();
    // No profile: first contact stores it (users.info) before the turn starts.
    TurnInput input =
        new TurnInput(
            m.user(), m.channel(), thread, Routing.withoutMention(m.text(), botUserId.get()));
    lanes.submit(
        List.of("turn", m.user(), m.channel(), thread),
        () -> {
          config.metrics().eventReceived();
          if (!markProcessed(key, m, thread)) {
            log.debug("event {} already handled, skipping the redelivery", key);
            return;
          }
          // Before the placeholder: a refused user gets no model call, no MCP process, no row.
          AccessGate.Refusal refusal = gate.check(m.user());
          if (refusal != null) {
            String ref = RefIds.next();
            if (refusal == AccessGate.Refusal.UNVERIFIED) {
              log.warn("[ref {}] could not verify Slack user {}", ref, m.user());
            }
            refuse(m, thread, AccessGate.text(refusal, ref));
            return;
          }
          if (core.handoff() != null && !core.handoff().runsHere(m.user())) {
            // another replica runs this user's sessions: it answers in Slack itself
            core.handoff().handOff(HandedOff.queued(m.user(), m.team(), input));
            return;
          }
          if (!limit.tryAcquire(m.user())) {
            log.info("user {} already has {} turn(s) running; refused one", m.user(), limit.max());
            refuse(m, thread, BotTexts.busy(limit.max()));
            return;
          }
          try {
            if (core.handoff() != null) {
              core.handoff()
                  .runLocally(
                      HandedOff.queued(m.user(), m.team(), input), () -> turn(input, m.team()));
            } else {
              turn(input, m.team());
            }
          } finally {
            limit.release(m.user());
          }
        });
  }

  /**
   * Runs a turn another replica handed to this one (which holds the user's lease): in the same lane
   * as a turn that arrived here, returning when it is answered so the queue row outlives a crash.
   */
  private void runHandedOff(QueuedTurn t) {
    TurnInput input = HandedOff.input(t);
    Posted m = new Posted(t.slackUserId(), t.teamId(), t.channelId(), t.threadTs(), null, null);
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    lanes.submit(
        List.of("turn", t.slackUserId(), t.channelId(), t.threadTs()),
        () -> {
          try {
            if (!limit.tryAcquire(t.slackUserId())) {
              refuse(m, t.threadTs(), BotTexts.busy(limit.max()));
              return;
            }
            try {
              turn(input, t.teamId());
            } finally {
              limit.release(t.slackUserId());
            }
          } finally {
            done.countDown();
          }
        });
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // The event is acked already: a database that is down must not leave the user in silence.
  private boolean markProcessed(String key, Posted m, String thread) {
    try {
      boolean fresh = core.store().events().markProcessed(key);
      if (!fresh) {
        config.metrics().eventDeduplicated();
      }
      return fresh;
    } catch (RuntimeException e) {
      String ref = RefIds.next();
      log.error("[ref {}] could not record event {}: {}", ref, key, e.getMessage());
      refuse(m, thread, BotTexts.failure(ref));
      return false;
    }
  }

  // In a DM the reply is private anyway; in a channel only the user sees it.
  private void refuse(Posted m, String thread, String text) {
    try {
      if (m.channel() != null && m.channel().startsWith("D")) {
        api.postMessage(m.channel(), thread, text, BotTexts.textBlocks(text));
      } else {
        api.postEphemeral(m.channel(), m.user(), thread, text);
      }
    } catch (RuntimeException e) {
      log.error("could not tell user {} why they were refused: {}", m.user(), e.getMessage());
    }
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
