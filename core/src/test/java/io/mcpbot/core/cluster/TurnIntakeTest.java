package io.mcpbot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.QueuedTurn;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/** {@link TurnHandoff#accept}: an arrived turn is durable before its ack, on one real database. */
class TurnIntakeTest {
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

    assertThat(b.accept("Ev2", turn("U1", "via b"))).isInstanceOf(Intake.HandedOff.class);
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
