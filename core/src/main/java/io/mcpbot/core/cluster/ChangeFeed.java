package io.mcpbot.core.cluster;

import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.NotificationListener;
import io.mcpbot.core.store.SessionChange;
import io.mcpbot.core.store.SessionChanges;
import io.mcpbot.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Follows the session change log for one replica: on PostgreSQL a dedicated connection LISTENs on
 * {@link SessionChanges#CHANNEL} (a virtual thread waits on it with a timeout); on H2 the log is
 * polled. Either way every wake-up reads the rows after the last id applied, so a notification
 * missed while the connection was down is caught up after reconnecting. Changes this replica made
 * itself are skipped (it applied them already). Thread-safe; {@link #close()} stops it.
 */
public final class ChangeFeed implements AutoCloseable {
  private static final int PAGE = 500;

  /**
   * Timing. Immutable.
   *
   * @param pollInterval longest wait between reads of the log without a notification
   * @param retryDelay wait before reconnecting after the listening connection failed
   * @param retention age after which log rows are purged (checked every {@code retention / 4})
   */
  public record Options(Duration pollInterval, Duration retryDelay, Duration retention) {
    public Options {
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(retryDelay, "retryDelay");
      Objects.requireNonNull(retention, "retention");
    }

    /** 5 s poll on PostgreSQL (notifications do the real work), 1 s retry, 1 h retention. */
    public static Options defaults() {
      return new Options(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofHours(1));
    }
  }

  private final Database database;
  private final SessionChanges log;
  private final ReplicaId self;
  private final Consumer<SessionChange> apply;
  private final Options options;
  private volatile Runnable onHandoff = () -> {};
  private final Semaphore wake = new Semaphore(0);
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final Thread thread;
  private volatile long lastApplied;
  private volatile boolean closed;
  private volatile NotificationListener listening;
  private Instant nextPurge = Instant.now();

  private ChangeFeed(
      Database database, ReplicaId self, Consumer<SessionChange> apply, Options options) {
    this.database = database;
    this.log = Store.of(database).sessionChanges();
    this.self = self;
    this.apply = apply;
    this.options = options;
    // A replica that just started has no sessions: nothing before now can be stale in it.
    this.lastApplied = log.lastId();
    this.thread = Thread.ofVirtual().name("mcp-change-feed").unstarted(this::run);
  }

  /**
   * Starts following the log of {@code database} for replica {@code self}, handing each change made
   * by another replica to {@code apply} (in log order, on the feed's one thread).
   */
  public static ChangeFeed start(
      Database database, ReplicaId self, Consumer<SessionChange> apply, Options options) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(apply, "apply");
    Objects.requireNonNull(options, "options");
    ChangeFeed feed = new ChangeFeed(database, self, apply, options);
    feed.thread.start();
    return feed;
  }

  /** What a change means for this replica's pool: close the stale sessions, restart live ones. */
  public static Consumer<SessionChange> restarting(SessionPool pool) {
    Objects.requireNonNull(pool, "pool");
    return c -> {
      if (c.slackUserId() == null) {
        if (c.serverName() == null) {
          pool.invalidateAll();
        } else {
          pool.invalidateServer(c.serverName());
        }
      } else if (c.serverName() == null) {
        pool.restartUser(c.slackUserId());
      } else {
        pool.restart(c.slackUserId(), c.serverName());
      }
    };
  }

  /**
   * Runs {@code wake} (which must return at once) whenever a {@link TurnHandoff#CHANNEL}
   * notification arrives on the listening connection (PostgreSQL).
   */
  public void onHandoff(Runnable wake) {
    this.onHandoff = Objects.requireNonNull(wake, "wake");
  }

  /** The id of the last change read (applied or skipped as this replica's own). */
  public long lastApplied() {
    return lastApplied;
  }

  /** How many changes of other replicas were applied. */
  public long appliedCount() {
    return applied.get();
  }

  /** How many times the listening connection was opened (PostgreSQL; 0 on H2). */
  public long connects() {
    return connects.get();
  }

  /** Reads the log now instead of at the next poll (a change was published in this process). */
  public void wakeUp() {
    wake.release();
  }

  private void run() {
    boolean postgres = database.url().kind() == DatabaseUrl.Kind.POSTGRESQL;
    while (!closed) {
      try {
        if (postgres) {
          listen();
        } else {
          poll();
        }
      } catch (RuntimeException e) {
        // the database went away or the connection was dropped: reconnect and catch up
        if (!closed) {
          pause(options.retryDelay());
        }
      }
    }
  }

  private void listen() {
    try (NotificationListener l =
        NotificationListener.open(database, List.of(SessionChanges.CHANNEL, TurnHandoff.CHANNEL))) {
      listening = l;
      if (closed) {
        return; // close() ran before the listener was visible to it
      }
      connects.incrementAndGet();
      catchUp(true); // after LISTEN: a change committed in between is in the log or notified
      onHandoff.run(); // a turn queued while disconnected
      while (!closed) {
        // the payload is empty: the log (or the queue) says what changed
        if (l.await(options.pollInterval()).contains(TurnHandoff.CHANNEL)) {
          onHandoff.run();
        }
        catchUp(false);
      }
    } finally {
      listening = null;
    }
  }

  private void poll() {
    catchUp(true);
    while (!closed) {
      pause(options.pollInterval());
      wake.drainPermits();
      catchUp(false);
    }
  }

  private void catchUp(boolean afterReconnect) {
    if (afterReconnect && lastApplied < log.firstId() - 1) {
      // rows this replica never read were purged while it was away: restart everything
      apply.accept(new SessionChange(log.firstId() - 1, null, null, "catch-up"));
    }
    List<SessionChange> page;
    do {
      page = log.after(lastApplied, PAGE);
      for (SessionChange c : page) {
        if (!c.origin().equals(self.value())) {
          try {
            apply.accept(c);
            applied.incrementAndGet();
          } catch (RuntimeException e) {
            // one bad change (a malformed user id) must not stop the feed
          }
        }
        lastApplied = c.id();
      }
    } while (page.size() == PAGE && !closed);
    purgeWhenDue();
  }

  private void purgeWhenDue() {
    Instant now = Instant.now();
    if (now.isAfter(nextPurge)) {
      nextPurge = now.plus(options.retention().dividedBy(4));
      log.purgeBefore(now.minus(options.retention()));
    }
  }

  private void pause(Duration d) {
    try {
      wake.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Stops following: closes the listening connection and waits briefly for the thread. */
  @Override
  public void close() {
    closed = true;
    wake.release();
    NotificationListener l = listening;
    if (l != null) {
      l.close();
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
