package io.mcpbot.bench;

import io.mcpbot.core.cluster.ChangeFeed;
import io.mcpbot.core.cluster.ReplicaId;
import io.mcpbot.core.cluster.TurnHandoff;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.QueuedTurn;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two replicas (each its own connection pool, session pool, change feed) on embedded PostgreSQL:
 * (1) credential save on A to B's restarted session (real fixture MCP server), p50/p99 per phase,
 * with the fixture's cold start as the peer ({@link RestartPhases}); (2) a turn handed to the lease
 * holder vs one run where it arrived (no-op turn: the handoff cost alone); (3) changes applied per
 * second by B's feed under a burst of rapid changes published by A. Usage: {@code ReplicaBench
 * [saves] [turns] [changes]}, default 30 200 1000.
 */
public final class ReplicaBench {
  private static final KeyRing KEYS = KeyRing.parse("ENCRYPTION_KEY", KeyRing.generateKey());

  private ReplicaBench() {}

  public static void main(String[] args) throws Exception {
    int saves = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int turns = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int changes = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    System.out.printf(
        "replica bench: saves=%d turns=%d changes=%d java=%s%n",
        saves, turns, changes, System.getProperty("java.version"));
    DatabaseUrl url = TestDatabases.emptyUrl(Engine.POSTGRESQL);
    try (Database a = Database.open(url);
        Database b = Database.open(url)) {
      a.migrate();
      RestartPhases.run(a, b, KEYS, saves);
      handoff(a, b, turns);
      burst(a, b, changes);
    }
    System.exit(0); // embedded PostgreSQL stops in its shutdown hook
  }

  private static void handoff(Database a, Database b, int turns) throws Exception {
    BlockingQueue<Long> ran = new ArrayBlockingQueue<>(turns * 2 + 10);
    try (TurnHandoff ha =
            TurnHandoff.start(
                a,
                new ReplicaId("bench-a"),
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                t -> ran.add(System.nanoTime()));
        TurnHandoff hb =
            TurnHandoff.start(
                b, new ReplicaId("bench-b"), Duration.ofSeconds(30), Clock.systemUTC(), t -> {});
        ChangeFeed feedA =
            ChangeFeed.start(a, new ReplicaId("bench-a"), c -> {}, ChangeFeed.Options.defaults())) {
      feedA.onHandoff(ha::wakeUp);
      while (feedA.connects() == 0) {
        Thread.sleep(1);
      }
      List<Double> local = new ArrayList<>();
      List<Double> handed = new ArrayList<>();
      for (int i = 0; i < turns; i++) {
        long t0 = System.nanoTime();
        if (!ha.runsHere("UHAND")) {
          throw new IllegalStateException("A should hold the lease");
        }
        local.add((System.nanoTime() - t0) / 1e6); // then it runs in place: nothing more added
        long t1 = System.nanoTime();
        if (hb.runsHere("UHAND")) {
          throw new IllegalStateException("B must not hold A's lease");
        }
        hb.handOff(new QueuedTurn(0, "UHAND", "T1", "D1", "1." + i, "hi"));
        long started = ran.poll(30, TimeUnit.SECONDS);
        handed.add((started - t1) / 1e6);
      }
      System.out.println("turn placement where it arrived (lease check): " + Stats.p50p99(local));
      System.out.println(
          "turn handed to the holder (lease check, queue, NOTIFY, take, start): "
              + Stats.p50p99(handed)
              + "; added vs local p50 "
              + Stats.fmt(Stats.median(handed) - Stats.median(local)));
    }
  }

  private static void burst(Database a, Database b, int changes) throws Exception {
    AtomicLong applied = new AtomicLong();
    Store sa = Store.of(a);
    try (ChangeFeed feed =
        ChangeFeed.start(
            b,
            new ReplicaId("bench-b"),
            c -> applied.incrementAndGet(),
            ChangeFeed.Options.defaults())) {
      while (feed.connects() == 0) {
        Thread.sleep(1);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < changes; i++) {
        sa.sessionChanges().publish("UBURST" + (i % 50), "secret", "bench-a");
      }
      long published = System.nanoTime();
      while (applied.get() < changes) {
        Thread.sleep(1);
      }
      long done = System.nanoTime();
      System.out.printf(
          "%d rapid changes: published %.0f/s from A, applied %.0f/s on B (last applied %.1f ms"
              + " after the last publish)%n",
          changes,
          changes / ((published - t0) / 1e9),
          changes / ((done - t0) / 1e9),
          (done - published) / 1e6);
    }
  }
}
