package io.mcpbot.core.cluster;

import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.QueuedTurn;
import io.mcpbot.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One user's sessions and turns in one place: a replica runs a turn itself when it holds (or can
 * take) the user's lease, and otherwise queues it for the holder ({@code turn_handoffs}, with
 * NOTIFY on PostgreSQL). A heartbeat renews this replica's leases and takes queued turns whose
 * user's lease it holds or can take (the holder died: the lease expired), including turns a dead
 * replica took and never finished. Thread-safe; {@link #close()} releases every lease it holds.
 */
public final class TurnHandoff implements AutoCloseable {
  /** The PostgreSQL channel announcing a queued turn. */
  public static final String CHANNEL = "mcpbot_handoffs";

  private final Store store;
  private final boolean postgres;
  private final ReplicaId self;
  private final Duration ttl;
  private final Clock clock;
  private volatile Consumer<QueuedTurn> runner;
  private final Semaphore wake = new Semaphore(0);
  private final Set<Long> running = ConcurrentHashMap.newKeySet();
  private final Thread heartbeat;
  private volatile boolean closed;

  private TurnHandoff(
      Database database, ReplicaId self, Duration ttl, Clock clock, Consumer<QueuedTurn> runner) {
    this.store = Store.of(database);
    this.postgres = database.url().kind() == DatabaseUrl.Kind.POSTGRESQL;
    this.self = self;
    this.ttl = ttl;
    this.clock = clock;
    this.runner = runner;
    this.heartbeat = Thread.ofVirtual().name("turn-handoff").unstarted(this::beat);
  }

  /**
   * Starts the heartbeat (every {@code ttl / 3}, and at once on {@link #wakeUp()}). {@code runner}
   * answers a turn taken from the queue (it talks to Slack itself) and returns when the turn is
   * over; it runs on its own virtual thread and the row is deleted when it returns or throws. A
   * null runner takes no queued turn until {@link #runWith} names one.
   */
  public static TurnHandoff start(
      Database database, ReplicaId self, Duration ttl, Clock clock, Consumer<QueuedTurn> runner) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(clock, "clock");
    TurnHandoff h = new TurnHandoff(database, self, ttl, clock, runner);
    h.heartbeat.start();
    return h;
  }

  /** Names the runner of queued turns (the Slack adapter, built after this). */
  public void runWith(Consumer<QueuedTurn> runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
    wake.release();
  }

  /**
   * Whether this replica runs {@code slackUserId}'s turn: true when it holds the user's lease or
   * just took a free or expired one.
   */
  public boolean runsHere(String slackUserId) {
    Instant now = clock.instant();
    return store.leases().tryAcquire(slackUserId, self.value(), now, now.plus(ttl));
  }

  /** Queues a turn for the replica holding its user's lease and wakes the replicas. */
  public void handOff(QueuedTurn turn) {
    Objects.requireNonNull(turn, "turn");
    store.useTransaction(
        tx -> {
          tx.turnQueue().add(turn, clock.instant());
          if (postgres) {
            tx.turnQueue().announce();
          }
        });
    wake.release(); // a replica in this process (H2, tests) looks at once
  }

  /**
   * Runs {@code turn} here (this replica holds the user's lease) with the turn recorded in the
   * queue as taken by this replica while it runs, so a replica killed mid-turn loses nothing the
   * user sent: once its lease expires another replica takes the row and answers.
   */
  public void runLocally(QueuedTurn turn, Runnable work) {
    long id = store.turnQueue().addTaken(turn, self.value(), clock.instant());
    running.add(id);
    try {
      work.run();
    } finally {
      try {
        store.turnQueue().done(id);
      } finally {
        running.remove(id);
      }
    }
  }

  /**
   * Records an arrived turn before its event is acked, in one transaction: marks {@code eventKey}
   * processed and queues the turn, taken by this replica when it holds or can take the user's lease
   * (run it, then {@link #finish}), otherwise for the holder (announced as {@link #handOff} does).
   * A replica that dies before {@link #finish} leaves the row to whichever takes the lease next.
   * Throws when the database is away: then nothing is recorded.
   */
  public Intake accept(String eventKey, QueuedTurn turn) {
    Objects.requireNonNull(eventKey, "eventKey");
    Objects.requireNonNull(turn, "turn");
    boolean here = runsHere(turn.slackUserId());
    Instant now = clock.instant();
    Intake intake =
        store.inTransaction(
            tx -> {
              if (!tx.events().markProcessed(eventKey)) {
                return new Intake.Duplicate();
              }
              if (here) {
                return new Intake.Here(tx.turnQueue().addTaken(turn, self.value(), now));
              }
              tx.turnQueue().add(turn, now);
              if (postgres) {
                tx.turnQueue().announce();
              }
              return new Intake.Elsewhere();
            });
    switch (intake) {
      case Intake.Here h -> running.add(h.id());
      case Intake.Elsewhere h -> wake.release(); // a replica in this process looks at once
      case Intake.Duplicate d -> {}
    }
    return intake;
  }

  /**
   * Deletes a row {@link #accept} queued here, once its turn is answered (or refused). Throws when
   * the database is away: the row stays and runs again on the replica taking the user's lease next.
   */
  public void finish(long id) {
    try {
      store.turnQueue().done(id);
    } finally {
      running.remove(id);
    }
  }

  /** Looks at the queue now (a NOTIFY on {@link #CHANNEL} arrived). */
  public void wakeUp() {
    wake.release();
  }

  private void beat() {
    long period = Math.max(10, ttl.toMillis() / 3);
    while (!closed) {
      try {
        Instant now = clock.instant();
        store.leases().renewAll(self.value(), now.plus(ttl));
        drain();
      } catch (RuntimeException e) {
        // the database is away: leases may expire, another replica takes over; try again
      }
      try {
        wake.tryAcquire(period, TimeUnit.MILLISECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Takes every queued turn this replica may run now and starts each. */
  void drain() {
    if (runner == null) {
      return;
    }
    List<QueuedTurn> waiting = store.turnQueue().waiting(clock.instant(), 100);
    for (QueuedTurn t : waiting) {
      if (running.contains(t.id()) || !runsHere(t.slackUserId())) {
        continue;
      }
      String previous = store.turnQueue().takenBy(t.id()).orElse(null);
      int took =
          previous == null
              ? store.turnQueue().take(t.id(), self.value())
              : store.turnQueue().takeOver(t.id(), self.value(), previous);
      if (took == 1 && running.add(t.id())) {
        Thread.ofVirtual().name("handed-off-turn").start(() -> run(t));
      }
    }
  }

  private void run(QueuedTurn t) {
    try {
      runner.accept(t);
    } finally {
      try {
        store.turnQueue().done(t.id());
      } finally {
        running.remove(t.id());
      }
    }
  }

  /** Queued turns, taken or not (for tests and metrics). */
  public long queued() {
    return store.turnQueue().size();
  }

  /** Stops the heartbeat and gives up this replica's leases so others take over at once. */
  @Override
  public void close() {
    closed = true;
    wake.release(); // not an interrupt: that would break the pooled connection of a query
    try {
      heartbeat.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      store.leases().releaseAll(self.value());
    } catch (RuntimeException e) {
      // the database is away: the leases expire on their own
    }
  }
}
