package io.mcpbot.bot.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on virtual threads, one at a time per key (a user's thread, a user's Home) and keys in
 * parallel. Counts queued and running tasks so shutdown can wait for them. Thread-safe.
 */
public final class Lanes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lanes.class);

  /** How long {@link #close()} waits for interrupted tasks to end. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ConcurrentHashMap<Object, CompletableFuture<Void>> tails =
      new ConcurrentHashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final Object idle = new Object();

  /** Queues {@code task} behind earlier tasks of the same key. */
  public void submit(Object key, Runnable task) {
    pending.incrementAndGet();
    CompletableFuture<Void> tail =
        tails.compute(
            key,
            (k, previous) ->
                (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                    .handle((ok, err) -> null)
                    .thenRunAsync(() -> guarded(task), executor));
    tail.whenComplete(
        (ok, err) -> {
          tails.remove(key, tail);
          if (pending.decrementAndGet() == 0) {
            synchronized (idle) {
              idle.notifyAll();
            }
          }
        });
  }

  /** Runs {@code task} now on its own virtual thread, outside any lane. */
  public void runNow(Runnable task) {
    submit(new Object(), task);
  }

  /** The executor lanes run on, for work a lane task starts and waits for. */
  public ExecutorService executor() {
    return executor;
  }

  /** Waits until no task is queued or running, at most {@code timeout}; true when idle. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (pending.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  public int pending() {
    return pending.get();
  }

  /**
   * Interrupts running tasks and drops queued ones, then waits (at most {@link #CLOSE_WAIT}) for
   * the interrupted ones to end: a turn cut off tells its user and deletes its queue row before the
   * Slack client and the database close behind this. A dropped turn keeps its row for the next
   * replica.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("tasks still running {} after interrupting them", CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("background task failed", e);
    }
  }
}
