package io.mcpbot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.QueuedTurn;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/** Per-user leases and the turn handoff queue between two replicas on one real database. */
class TurnHandoffTest {
  private static final Duration TTL = Duration.ofSeconds(30);
  private final List<AutoCloseable> open = new ArrayList<>();

  private TurnHandoff replica(TestDb db, String id, Consumer<QueuedTurn> runner) {
    Database database = Database.open(db.database().url());
    open.add(database);
    TurnHandoff h = TurnHandoff.start(database, new ReplicaId(id), TTL, Clock.systemUTC(), runner);
    open.add(h);
    return h;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private static QueuedTurn turn(String user, String text) {
    return new QueuedTurn(0, user, "T1", "D1", "1.0", text);
  }

  @DbTest
  void aTurnArrivingAtTheOtherReplicaRunsOnceOnTheLeaseHolder(TestDb db) {
    List<String> ranOnA = new CopyOnWriteArrayList<>();
    List<String> ranOnB = new CopyOnWriteArrayList<>();
    TurnHandoff a = replica(db, "replica-a", t -> ranOnA.add(t.text()));
    TurnHandoff b = replica(db, "replica-b", t -> ranOnB.add(t.text()));

    assertThat(a.runsHere("U1")).isTrue();
    assertThat(b.runsHere("U1")).isFalse();
    assertThat(a.runsHere("U1")).isTrue(); // renewing its own lease
    assertThat(b.runsHere("U2")).isTrue(); // another user's lease is free

    b.handOff(turn("U1", "first"));
    b.handOff(turn("U1", "second"));
    a.wakeUp(); // what the NOTIFY does on PostgreSQL; H2 runs one process

    await().atMost(Duration.ofSeconds(20)).until(() -> ranOnA.size() == 2 && a.queued() == 0);
    assertThat(ranOnA).containsExactlyInAnyOrder("first", "second");
    assertThat(ranOnB).isEmpty();
  }

  @DbTest
  void whenTheHolderDiedMidTurnAnotherReplicaTakesTheLeaseAndRunsTheTurnAgain(TestDb db) {
    // a replica that took the user's lease and the turn, then died: its lease ran out
    Instant past = Instant.now().minusSeconds(120);
    assertThat(db.store().leases().tryAcquire("U1", "dead", past, past.plusSeconds(30))).isTrue();
    db.store().turnQueue().add(turn("U1", "what I sent"), past);
    long id = db.store().turnQueue().waiting(Instant.now(), 10).getFirst().id();
    assertThat(db.store().turnQueue().take(id, "dead")).isEqualTo(1);

    List<String> ran = new CopyOnWriteArrayList<>();
    TurnHandoff b = replica(db, "replica-b", t -> ran.add(t.text()));
    b.wakeUp();

    await().atMost(Duration.ofSeconds(20)).until(() -> ran.size() == 1 && b.queued() == 0);
    assertThat(ran).containsExactly("what I sent");
    assertThat(db.store().leases().holder("U1", Instant.now())).contains("replica-b");
  }

  @DbTest
  void aTurnTakenByALiveHolderIsNotTakenAgain(TestDb db) {
    Instant now = Instant.now();
    assertThat(db.store().leases().tryAcquire("U1", "alive", now, now.plus(TTL))).isTrue();
    db.store().turnQueue().add(turn("U1", "running"), now);
    long id = db.store().turnQueue().waiting(now, 10).getFirst().id();
    assertThat(db.store().turnQueue().take(id, "alive")).isEqualTo(1);

    assertThat(db.store().turnQueue().waiting(now, 10)).isEmpty();
    assertThat(db.store().turnQueue().take(id, "other")).isZero();
  }

  @DbTest
  void closingReleasesTheLeasesSoAnotherReplicaTakesOverAtOnce(TestDb db) {
    TurnHandoff a = replica(db, "replica-a", t -> {});
    TurnHandoff b = replica(db, "replica-b", t -> {});
    assertThat(a.runsHere("U1")).isTrue();
    assertThat(b.runsHere("U1")).isFalse();

    a.close();

    assertThat(b.runsHere("U1")).isTrue();
  }

  @DbTest
  void aTurnRunningWhereItArrivedIsTakenOverIfThatReplicaDiesAndForgottenWhenDone(TestDb db)
      throws Exception {
    List<String> ranOnB = new CopyOnWriteArrayList<>();
    TurnHandoff a = replica(db, "replica-a", t -> {});
    assertThat(a.runsHere("U1")).isTrue();
    java.util.concurrent.CountDownLatch inTurn = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
    Thread turnOnA =
        Thread.ofVirtual()
            .start(
                () ->
                    a.runLocally(
                        turn("U1", "local"),
                        () -> {
                          inTurn.countDown();
                          try {
                            finish.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        }));
    inTurn.await();
    // while A runs it and holds the lease, nobody else may take it
    assertThat(db.store().turnQueue().waiting(Instant.now(), 10)).isEmpty();
    finish.countDown();
    turnOnA.join();
    assertThat(db.store().turnQueue().size()).isZero();

    // now A "dies" mid-turn: its row stays taken and its lease runs out
    db.store().turnQueue().addTaken(turn("U1", "lost?"), "replica-dead", Instant.now());
    Instant past = Instant.now().minusSeconds(120);
    db.jdbi().useHandle(h -> h.execute("DELETE FROM user_leases"));
    assertThat(db.store().leases().tryAcquire("U1", "replica-dead", past, past.plusSeconds(1)))
        .isTrue();
    TurnHandoff b = replica(db, "replica-b", t -> ranOnB.add(t.text()));
    b.wakeUp();
    await().atMost(Duration.ofSeconds(20)).until(() -> ranOnB.size() == 1 && b.queued() == 0);
    assertThat(ranOnB).containsExactly("lost?");
  }

  // accept: an arrived turn is durable before its ack

  @DbTest
  void anEventIsRecordedOnceHereOrForTheHolderAndARowFinishedIsGone(TestDb db) {
    List<String> ranOnA = new CopyOnWriteArrayList<>();
    TurnHandoff a = replica(db, "replica-a", t -> ranOnA.add(t.text()));
    TurnHandoff b = replica(db, "replica-b", t -> {});

    Intake here = a.accept("Ev1", turn("U1", "mine"));
    assertThat(here).isInstanceOf(Intake.Here.class);
    assertThat(a.accept("Ev1", turn("U1", "mine"))).isInstanceOf(Intake.Duplicate.class);
    assertThat(b.accept("Ev1", turn("U1", "mine"))).isInstanceOf(Intake.Duplicate.class);
    assertThat(a.queued()).isEqualTo(1);
    a.wakeUp(); // its own row, taken while it runs: not run a second time from the queue

    assertThat(b.accept("Ev2", turn("U1", "via b"))).isInstanceOf(Intake.Elsewhere.class);
    a.wakeUp(); // what the NOTIFY does on PostgreSQL
    await().atMost(Duration.ofSeconds(20)).until(() -> a.queued() == 1);
    assertThat(ranOnA).containsExactly("via b");

    a.finish(((Intake.Here) here).id());
    assertThat(a.queued()).isZero();
  }

  @DbTest
  void aTurnAcceptedByAReplicaThatStoppedBeforeRunningItIsAnsweredByTheNext(TestDb db) {
    TurnHandoff a = replica(db, "replica-a", null);
    assertThat(a.accept("Ev1", turn("U1", "queued behind another")))
        .isInstanceOf(Intake.Here.class);
    a.close(); // the grace ran out before the lane reached it: the row stays, the lease goes

    List<String> ran = new CopyOnWriteArrayList<>();
    TurnHandoff restarted = replica(db, "replica-a2", t -> ran.add(t.text()));
    restarted.wakeUp();
    await().atMost(Duration.ofSeconds(20)).until(() -> ran.size() == 1 && restarted.queued() == 0);
    assertThat(ran).containsExactly("queued behind another");
  }
}
