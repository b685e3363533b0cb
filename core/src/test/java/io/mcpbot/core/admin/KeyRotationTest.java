package io.mcpbot.core.admin;

import static io.mcpbot.core.testing.SeededCredentials.all;
import static io.mcpbot.core.testing.SeededCredentials.plaintexts;
import static io.mcpbot.core.testing.SeededCredentials.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.McpbotException;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.DatabaseUrl;
import io.mcpbot.core.store.EncryptedColumn;
import io.mcpbot.core.store.H2Holder;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRotationTest {
  private static final KeyRing OLD = ring();
  private static final KeyRing OLDER = ring();
  private static final KeyRing NEW = ring();

  /** The deployment's ring: OLD encrypts, OLDER still decrypts. */
  private static final KeyRing CURRENT = OLDER.withNewer(OLD);

  private static KeyRing ring() {
    return KeyRing.of("test", List.of(KeyRing.generateKey()));
  }

  private static KeyRotation rotation(TestDb db, int batch, boolean dryRun) {
    return new KeyRotation(
        db.store(), CURRENT, NEW, new KeyRotation.Options(batch, dryRun, Duration.ZERO), null);
  }

  @DbTest
  void rotatesEveryRowToTheNewKeyKeepingValues(TestDb db) {
    seed(db.store(), OLD, 20, "A");
    seed(db.store(), OLDER, 3, "B");
    seed(db.store(), NEW, 2, "C");
    Map<Long, String> before = plaintexts(db.store(), NEW.withNewer(CURRENT));

    KeyRotation.Result r = rotation(db, 4, false).run();

    assertThat(r.totals().total()).isEqualTo(25);
    assertThat(r.totals().alreadyCurrent()).isEqualTo(2);
    assertThat(r.totals().toRotate()).isEqualTo(23);
    assertThat(r.totals().rotated()).isEqualTo(23);
    assertThat(r.totals().retried()).isZero();
    assertThat(r.totals().notCurrent()).isZero();
    assertThat(r.complete()).isTrue();
    assertThat(all(db.store())).allMatch(t -> NEW.isCurrent(t.encryptedValue()));
    assertThat(plaintexts(db.store(), NEW)).isEqualTo(before);

    KeyRotation.Result again = rotation(db, 4, false).run();
    assertThat(again.totals().rotated()).isZero();
    assertThat(again.totals().alreadyCurrent()).isEqualTo(25);
  }

  @DbTest
  void dryRunCountsAndWritesNothing(TestDb db) {
    seed(db.store(), OLD, 9, "A");
    seed(db.store(), NEW, 2, "C");
    List<CredentialToken> before = all(db.store());

    KeyRotation.Result r = rotation(db, 3, true).run();

    assertThat(r.dryRun()).isTrue();
    assertThat(r.totals().total()).isEqualTo(11);
    assertThat(r.totals().toRotate()).isEqualTo(9);
    assertThat(r.totals().alreadyCurrent()).isEqualTo(2);
    assertThat(r.totals().rotated()).isZero();
    assertThat(r.complete()).isFalse();
    assertThat(all(db.store())).isEqualTo(before);
  }

  @DbTest
  void unreadableRowStopsBeforeAnythingIsWrittenAndNamesUserAndServer(TestDb db) {
    seed(db.store(), OLD, 10, "A");
    KeyRing stranger = ring();
    long user = db.store().users().upsert("UBAD1", UserProfile.empty()).id();
    long jira = db.store().servers().findByName("jira").orElseThrow().id();
    db.store().credentials().put(user, jira, "JIRA_TOKEN", "api_key", stranger.encrypt("x"));
    List<CredentialToken> before = all(db.store());

    assertThatThrownBy(() -> rotation(db, 3, false).run())
        .isInstanceOfSatisfying(
            UnreadableCredentialsException.class,
            e -> {
              assertThat(e.count()).isEqualTo(1);
              assertThat(e.nothingWritten()).isTrue();
              assertThat(e.examples().getFirst().slackUserId()).isEqualTo("UBAD1");
              assertThat(e.examples().getFirst().server()).isEqualTo("jira");
              assertThat(e.examples().getFirst().credentialName()).isEqualTo("JIRA_TOKEN");
              assertThat(e.getMessage())
                  .contains("user UBAD1, server jira, credential JIRA_TOKEN")
                  .contains("nothing was written");
            });
    assertThat(all(db.store())).isEqualTo(before);
  }

  @DbTest
  void interruptedRunLeavesEveryRowReadableAndAReRunCompletes(TestDb db) {
    seed(db.store(), OLD, 17, "A");
    Map<Long, String> before = plaintexts(db.store(), CURRENT);
    AtomicInteger writes = new AtomicInteger();
    KeyRotation killed =
        rotation(db, 3, false)
            .onBeforeWrite(
                id -> {
                  if (writes.incrementAndGet() > 7) {
                    throw new IllegalStateException("simulated crash");
                  }
                });

    assertThatThrownBy(killed::run).hasMessage("simulated crash");

    KeyRing either = NEW.withNewer(CURRENT);
    assertThat(plaintexts(db.store(), either)).isEqualTo(before);
    long done = all(db.store()).stream().filter(t -> NEW.isCurrent(t.encryptedValue())).count();
    assertThat(done).isEqualTo(6); // two committed batches of 3; the third rolled back

    KeyRotation.Result r = rotation(db, 3, false).run();
    assertThat(r.totals().alreadyCurrent()).isEqualTo(6);
    assertThat(r.totals().rotated()).isEqualTo(11);
    assertThat(r.totals().notCurrent()).isZero();
    assertThat(plaintexts(db.store(), NEW)).isEqualTo(before);
  }

  @DbTest
  void valueChangedByTheBotDuringRotationIsNeverOverwritten(TestDb db) {
    seed(db.store(), OLD, 8, "A");
    List<CredentialToken> rows = all(db.store());
    long changedOld = rows.get(2).id();
    long changedNew = rows.get(5).id();
    long deleted = rows.get(6).id();
    Map<Long, String> expected = plaintexts(db.store(), CURRENT);
    expected.put(changedOld, "changed-by-bot-with-old-key");
    expected.put(changedNew, "changed-by-restarted-bot");
    expected.remove(deleted);
    Store bot = db.store(); // used from another thread: its own pooled connection, autocommit
    AtomicBoolean botWroteOld = new AtomicBoolean();
    KeyRotation rotation =
        rotation(db, 4, false)
            .onBeforeWrite(
                id -> {
                  // The bot writes between the rotation's read and its compare-and-set.
                  if (id == changedOld && botWroteOld.compareAndSet(false, true)) {
                    asTheBot(() -> replace(bot, id, OLD.encrypt("changed-by-bot-with-old-key")));
                  } else if (id == changedNew && !changedYet(bot, id)) {
                    asTheBot(() -> replace(bot, id, NEW.encrypt("changed-by-restarted-bot")));
                  } else if (id == deleted) {
                    asTheBot(
                        () ->
                            db.jdbi()
                                .useHandle(
                                    h ->
                                        h.execute(
                                            "DELETE FROM user_credentials WHERE id = ?", id)));
                  }
                });

    KeyRotation.Result r = rotation.run();

    assertThat(r.totals().retried()).isEqualTo(2);
    assertThat(r.totals().vanished()).isEqualTo(1);
    assertThat(r.totals().notCurrent()).isZero();
    assertThat(plaintexts(db.store(), NEW)).isEqualTo(expected);
  }

  @DbTest
  void aRowTheBotKeepsRewritingStopsTheRunWithTheFixAndLosesNothing(TestDb db) {
    seed(db.store(), OLD, 6, "A");
    long busy = all(db.store()).get(3).id();
    Store bot = db.store();
    AtomicInteger writes = new AtomicInteger();
    KeyRotation rotation =
        rotation(db, 2, false)
            .onBeforeWrite(
                id -> {
                  if (id == busy) {
                    String token = OLD.encrypt("bot-write-" + writes.incrementAndGet());
                    asTheBot(() -> replace(bot, id, token));
                  }
                });

    assertThatThrownBy(rotation::run)
        .isInstanceOf(McpbotException.class)
        .hasMessageContaining("credential row " + busy + " changed")
        .hasMessageContaining("run rotate-key again with the same new key");

    assertThat(writes.get()).isGreaterThan(1);
    Map<Long, String> now = plaintexts(db.store(), NEW.withNewer(CURRENT));
    assertThat(now).hasSize(6).containsEntry(busy, "bot-write-" + writes.get());
    KeyRotation.Result rerun = rotation(db, 2, false).run();
    assertThat(rerun.totals().notCurrent()).isZero();
    assertThat(plaintexts(db.store(), NEW)).isEqualTo(now);
  }

  @Test
  void compareAndSetHoldsInH2MixedModeBesideTheProcessServingTheFile(@TempDir Path tmp)
      throws Exception {
    DatabaseUrl url = DatabaseUrl.parse(null, tmp);
    try (Database db = Database.open(url)) {
      db.migrate();
    }
    // The holder serves the file (as a running bot would); every statement here goes over TCP.
    try (H2Holder holder = H2Holder.start(url.jdbcUrl());
        Database db = Database.open(url)) {
      Store store = Store.of(db);
      seed(store, OLD, 8, "A");
      long changed = all(store).get(2).id();
      Map<Long, String> expected = plaintexts(store, CURRENT);
      expected.put(changed, "changed-by-bot");
      AtomicBoolean botWrote = new AtomicBoolean();
      KeyRotation rotation =
          new KeyRotation(
                  store, CURRENT, NEW, new KeyRotation.Options(4, false, Duration.ZERO), null)
              .onBeforeWrite(
                  id -> {
                    if (id == changed && botWrote.compareAndSet(false, true)) {
                      asTheBot(() -> replace(store, id, OLD.encrypt("changed-by-bot")));
                    }
                  });

      KeyRotation.Result r = rotation.run();

      assertThat(r.totals().retried()).isEqualTo(1);
      assertThat(r.totals().notCurrent()).isZero();
      assertThat(plaintexts(store, NEW)).isEqualTo(expected);
      assertThat(holder.alive()).isTrue();
    }
  }

  /**
   * Runs a write on another thread and waits for it: on the rotating thread Jdbi would reuse the
   * rotation's open transaction, so the write would not be the bot's committed, concurrent one.
   */
  private static void asTheBot(Runnable write) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    write.run();
                  } catch (Throwable e) {
                    failure.set(e);
                  }
                });
    try {
      assertThat(t.join(Duration.ofSeconds(30))).as("the bot's write finished").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(failure.get()).isNull();
  }

  private static boolean changedYet(Store store, long id) {
    return NEW.isCurrent(
        store
            .secretColumns()
            .findToken(EncryptedColumn.CREDENTIAL, id)
            .orElseThrow()
            .encryptedValue());
  }

  private static void replace(Store store, long id, String token) {
    String current =
        store
            .secretColumns()
            .findToken(EncryptedColumn.CREDENTIAL, id)
            .orElseThrow()
            .encryptedValue();
    assertThat(store.secretColumns().compareAndSet(EncryptedColumn.CREDENTIAL, id, current, token))
        .isTrue();
  }
}
