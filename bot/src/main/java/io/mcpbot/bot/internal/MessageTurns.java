package io.mcpbot.bot.internal;

import com.slack.api.bolt.App;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.Event;
import com.slack.api.model.event.MessageEvent;
import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.internal.TurnIntake.Posted;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * DMs and mentions, each answered by one agent turn: recorded durably and acked ({@link
 * TurnIntake}), then per (user, channel, thread) in order on virtual threads: access check,
 * per-user turn limit, then placeholder, first contact, progress, answer ({@link SlackAnswer}).
 * Thread-safe.
 */
public final class MessageTurns {
  /** The longest text one message carries: Slack's limit for a section block. */
  static final int MAX_MESSAGE_CHARS = 3000;

  private final Supplier<String> botUserId;
  private volatile ApprovalCards approvals;
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
    this.botUserId = botUserId;
    SlackAnswer answer =
        new SlackAnswer(
            core,
            api,
            lanes,
            firstContact,
            config,
            connect,
            elicitations,
            assistant,
            () -> approvals);
    this.intake = new TurnIntake(core, api, lanes, gate, limit, config.metrics(), answer::turn);
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
}
