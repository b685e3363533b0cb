package io.mcpbot.bot.internal;

import com.slack.api.model.block.LayoutBlock;
import io.mcpbot.core.agent.TurnListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a turn's progress by updating its placeholder: at most one chat.update in flight, at most
 * one per interval, only the latest text kept. Thread-safe; {@link #finish()} waits for the last
 * update so the answer is never overwritten by a late progress line.
 */
final class PlaceholderProgress implements TurnListener {
  private static final Logger log = LoggerFactory.getLogger(PlaceholderProgress.class);

  private final SlackApi api;
  private final String channel;
  private final String ts;
  private final long intervalNanos;
  private final Executor executor;
  private final Object lock = new Object();
  private String shown;
  private String pending;
  private boolean flushing;
  private boolean closed;
  private long lastUpdate;
  private volatile BiConsumer<String, String> connect = (server, message) -> {};

  PlaceholderProgress(
      SlackApi api, String channel, String ts, Duration interval, Executor executor) {
    this.api = api;
    this.channel = channel;
    this.ts = ts;
    this.intervalNanos = interval.toNanos();
    this.executor = executor;
    this.shown = BotTexts.THINKING;
    this.lastUpdate = System.nanoTime();
  }

  @Override
  public void thinking() {
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

  @Override
  public void authorizationNeeded(String server, String message) {
    connect.accept(server, message);
  }

  private void show(String text) {
    synchronized (lock) {
      if (closed || text.equals(pending) || (pending == null && text.equals(shown))) {
        return;
      }
      pending = text;
      if (flushing) {
        return;
      }
      flushing = true;
    }
    executor.execute(this::flush);
  }

  private void flush() {
    while (true) {
      String next;
      synchronized (lock) {
        long wait = lastUpdate + intervalNanos - System.nanoTime();
        if (!closed && pending != null && wait > 0) {
          try {
            lock.wait(Math.max(1, wait / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
          }
          continue;
        }
        if (closed || pending == null) {
          flushing = false;
          lock.notifyAll();
          return;
        }
        next = pending;
        pending = null;
      }
      try {
        List<LayoutBlock> blocks = BotTexts.progressBlocks(next);
        api.updateMessage(channel, ts, next, blocks);
      } catch (RuntimeException e) {
        log.warn("progress update failed: {}", e.getMessage());
      }
      synchronized (lock) {
        shown = next;
        lastUpdate = System.nanoTime();
      }
    }
  }

  /** Stops further updates and waits for one in flight. */
  void finish() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
      while (flushing) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
