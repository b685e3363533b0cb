package io.mcpbot.bot.internal;

import io.mcpbot.core.agent.ApprovalDecision;
import io.mcpbot.core.agent.ToolApproval;
import io.mcpbot.core.agent.TurnListener;
import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import io.mcpbot.core.mcp.Elicitor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a turn as it happens: the status (thinking, which tool runs) on the placeholder, and the
 * answer's text as the model streams it, into a Slack stream ({@link AnswerOutput}). At most one
 * Slack call in flight, at most one per interval after the first text, only the latest state kept.
 * Thread-safe; {@link #finish()} waits for the last call so nothing overwrites the answer.
 */
final class PlaceholderProgress implements TurnListener {
  private static final Logger log = LoggerFactory.getLogger(PlaceholderProgress.class);

  private final AnswerOutput out;
  private final long intervalNanos;
  private final Executor executor;
  private final Object lock = new Object();
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder stepText = new StringBuilder();
  private boolean newStep;
  private String status = BotTexts.THINKING;
  private String shownStatus = BotTexts.THINKING;
  private int shownText;
  private boolean flushing;
  private boolean closed;
  private long lastUpdate;
  private volatile BiConsumer<String, String> connect = (server, message) -> {};
  private final Map<String, Long> asking = new ConcurrentHashMap<>();
  private final AtomicLong approvalNanos = new AtomicLong();
  private volatile Function<ToolApproval, ApprovalDecision> approval =
      request -> ApprovalDecision.CANNOT_ASK;
  private volatile Elicitor elicitor = Elicitor.CANCEL;

  PlaceholderProgress(AnswerOutput out, Duration interval, Executor executor) {
    this.out = out;
    this.intervalNanos = interval.toNanos();
    this.executor = executor;
    this.lastUpdate = System.nanoTime();
  }

  @Override
  public void thinking() {
    synchronized (lock) {
      newStep = true;
      stepText.setLength(0);
    }
    show(BotTexts.THINKING);
  }

  @Override
  public void toolStarted(String server, String tool) {
    show("Using `" + server + "." + tool + "`...");
  }

  @Override
  public void toolFinished(String server, String tool, boolean ok, Duration took) {
    if (!ok) {
      show("`" + server + "." + tool + "` failed, thinking again...");
    }
  }

  /** Where {@link #authorizationNeeded} goes (the turn's {@link ConnectPrompt}); returns this. */
  PlaceholderProgress connectVia(BiConsumer<String, String> prompt) {
    this.connect = prompt;
    return this;
  }

  /** Where {@link #approve} goes (the turn's {@link ApprovalCards}); returns this. */
  PlaceholderProgress approveVia(Function<ToolApproval, ApprovalDecision> cards) {
    this.approval = cards;
    return this;
  }

  /** Where {@link #elicit} goes (the turn's {@link ElicitationCards}); returns this. */
  PlaceholderProgress elicitVia(Elicitor asker) {
    this.elicitor = asker;
    return this;
  }

  @Override
  public ApprovalDecision approve(ToolApproval request) {
    show("Waiting for your approval to use `" + request.server() + "." + request.tool() + "`...");
    long since = System.nanoTime();
    asking.put(request.id(), since);
    try {
      return approval.apply(request);
    } finally {
      approvalNanos.addAndGet(System.nanoTime() - since); // before remove: never undercounts
      asking.remove(request.id());
    }
  }

  /**
   * Nanoseconds this turn has spent waiting for approvals so far, those still open included
   * (parallel ones each count: generous, never short).
   */
  long approvalNanos() {
    long now = System.nanoTime();
    long open = asking.values().stream().mapToLong(t -> now - t).sum();
    return approvalNanos.get() + open;
  }

  @Override
  public ElicitationAnswer elicit(ElicitationRequest request) {
    show("Waiting for your answer to `" + request.server() + "`...");
    return elicitor.elicit(request);
  }

  @Override
  public void elicitationComplete(String server, String elicitationId) {
    elicitor.completed(server, elicitationId);
  }

  @Override
  public void authorizationNeeded(String server, String message) {
    connect.accept(server, message);
  }

  @Override
  public void textDelta(String piece) {
    synchronized (lock) {
      if (closed || piece.isEmpty()) {
        return;
      }
      // the text of a step that went on to call tools stays; the next step starts a paragraph
      if (newStep && !text.isEmpty()) {
        text.append("\n\n");
      }
      newStep = false;
      text.append(piece);
      stepText.append(piece);
    }
    schedule();
  }

  private void show(String next) {
    synchronized (lock) {
      if (closed || next.equals(status)) {
        return;
      }
      status = next;
    }
    schedule();
  }

  private void schedule() {
    synchronized (lock) {
      if (flushing) {
        return;
      }
      flushing = true;
    }
    executor.execute(this::flush);
  }

  private boolean dirty() {
    return !status.equals(shownStatus) || shownText < text.length();
  }

  private void flush() {
    while (true) {
      String nextStatus;
      String nextText;
      synchronized (lock) {
        // the first text goes out at once: that is when the user sees the answer begin
        boolean firstText = shownText == 0 && !text.isEmpty();
        long wait = firstText ? 0 : lastUpdate + intervalNanos - System.nanoTime();
        if (!closed && dirty() && wait > 0) {
          try {
            lock.wait(Math.max(1, wait / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
          }
          continue;
        }
        if (closed || !dirty()) {
          flushing = false;
          lock.notifyAll();
          return;
        }
        nextStatus = status.equals(shownStatus) ? null : status;
        nextText = text.toString();
      }
      try {
        out.show(nextStatus, status, nextText);
      } catch (RuntimeException e) {
        log.warn("progress update failed: {}", e.getMessage());
      }
      synchronized (lock) {
        if (nextStatus != null) {
          shownStatus = nextStatus;
        }
        shownText = nextText.length();
        lastUpdate = System.nanoTime();
      }
    }
  }

  /** What was streamed: all text shown, and the text of the last step (the answer's start). */
  record Streamed(String text, String lastStep) {}

  /** Stops further updates, waits for one in flight, and says what was streamed. */
  Streamed finish() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
      while (flushing) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return new Streamed(text.toString(), stepText.toString());
    }
  }
}
