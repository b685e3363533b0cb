package io.mcpbot.bot.internal;

import io.mcpbot.bot.BotServices;
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.cluster.Intake;
import io.mcpbot.core.cluster.TurnHandoff;
import io.mcpbot.core.metrics.BotMetrics;
import io.mcpbot.core.store.QueuedTurn;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a DM or mention becomes a turn. On the event handler's thread, before the ack: the event is
 * recorded as processed and the turn as queued (taken here, or for the replica holding the user's
 * lease) in one transaction, so nothing acked is lost with the process. Then, in the (user,
 * channel, thread) lane: the access gate, the per-user turn limit, {@code answer}, and the queue
 * row deleted. Thread-safe.
 *
 * @param answer runs one admitted turn (input, workspace or null) and returns when it is answered
 */
record TurnIntake(
    BotServices core,
    SlackApi api,
    Lanes lanes,
    AccessGate gate,
    TurnLimit limit,
    BotMetrics metrics,
    BiConsumer<TurnInput, String> answer) {
  // the category of every turn's log lines (operators filter on it)
  private static final Logger log = LoggerFactory.getLogger(MessageTurns.class);

  /** A message to answer, from either event type; {@code team} is the event's workspace. */
  record Posted(String user, String team, String channel, String thread, String ts, String text) {

    /** The turn it asks for (no profile: first contact stores it before the turn starts). */
    TurnInput input() {
      return new TurnInput(user, channel, thread, text);
    }

    List<Object> lane() {
      return List.of("turn", user, channel, thread);
    }
  }

  /** Records {@code m} durably, then queues its turn in its lane; returns before the turn runs. */
  void accept(String eventId, Posted m) {
    metrics.eventReceived();
    String key = eventId != null ? eventId : m.channel() + ":" + m.ts();
    Intake intake;
    try {
      intake = record(key, m);
    } catch (RuntimeException e) {
      // The event is acked anyway: a database that is down must not leave the user in silence.
      String ref = RefIds.next();
      log.error("[ref {}] could not record event {}: {}", ref, key, e.getMessage());
      lanes.runNow(() -> refuse(m, BotTexts.failure(ref)));
      return;
    }
    switch (intake) {
      case Intake.Duplicate d -> {
        metrics.eventDeduplicated();
        log.debug("event {} already handled, skipping the redelivery", key);
      }
      // another replica runs this user's sessions: it answers in Slack itself
      case Intake.Elsewhere h -> {}
      case Intake.Here h -> inLane(m, () -> finish(h.id()));
    }
  }

  /** Queues {@code m}'s turn in its lane; {@code after} runs once it is over, however it ended. */
  private void inLane(Posted m, Runnable after) {
    lanes.submit(
        m.lane(),
        () -> {
          try {
            admitAndAnswer(m);
          } finally {
            after.run();
          }
        });
  }

  private Intake record(String key, Posted m) {
    TurnHandoff handoff = core.handoff();
    if (handoff != null) {
      return handoff.accept(key, HandedOff.queued(m.user(), m.team(), m.input()));
    }
    return core.store().events().markProcessed(key) ? new Intake.Here(0) : new Intake.Duplicate();
  }

  private void finish(long id) {
    if (id == 0) {
      return;
    }
    try {
      core.handoff().finish(id);
    } catch (RuntimeException e) {
      log.warn("could not delete answered turn {} from the queue: {}", id, e.getMessage());
    }
  }

  /**
   * Runs a turn queued for this replica (which holds the user's lease): in the same lane as a turn
   * that arrived here, returning when it is answered so the queue row outlives a crash.
   */
  void runHandedOff(QueuedTurn t) {
    Posted m = new Posted(t.slackUserId(), t.teamId(), t.channelId(), t.threadTs(), null, t.text());
    CountDownLatch done = new CountDownLatch(1);
    inLane(m, done::countDown);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // Before the placeholder: a refused user gets no model call, no MCP process, no user row.
  private void admitAndAnswer(Posted m) {
    AccessGate.Refusal refusal = gate.check(m.user());
    if (refusal != null) {
      String ref = RefIds.next();
      if (refusal == AccessGate.Refusal.UNVERIFIED) {
        log.warn("[ref {}] could not verify Slack user {}", ref, m.user());
      }
      refuse(m, AccessGate.text(refusal, ref));
      return;
    }
    if (!limit.tryAcquire(m.user())) {
      log.info("user {} already has {} turn(s) running; refused one", m.user(), limit.max());
      refuse(m, BotTexts.busy(limit.max()));
      return;
    }
    try {
      answer.accept(m.input(), m.team());
    } finally {
      limit.release(m.user());
    }
  }

  // In a DM the reply is private anyway; in a channel only the user sees it.
  private void refuse(Posted m, String text) {
    try {
      if (m.channel() != null && m.channel().startsWith("D")) {
        api.postMessage(m.channel(), m.thread(), text, BotTexts.textBlocks(text));
      } else {
        api.postEphemeral(m.channel(), m.user(), m.thread(), text);
      }
    } catch (RuntimeException e) {
      log.error("could not tell user {} why they were refused: {}", m.user(), e.getMessage());
    }
  }
}
