package io.mcpbot.core.admin;

import io.mcpbot.core.McpbotException;
import io.mcpbot.core.admin.UnreadableCredentialsException.BadCredential;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.CredentialSwap;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.EncryptedColumn;
import io.mcpbot.core.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/**
 * Re-encrypts every stored secret (users' credentials, OAuth access and refresh tokens, client
 * secrets, PKCE verifiers) from the current key ring to a new key, safely while the bot runs. Three
 * passes over each encrypted column by keyset pages: a pre-check (every row must open with the
 * current ring or the new key, else {@link UnreadableCredentialsException} before anything is
 * written), a rotation pass in batched transactions using compare-and-set (a value the bot changed
 * meanwhile is re-read and re-encrypted, never overwritten with an older one), and a verify pass
 * (every row opens with the new key alone). Each row is always under the old or the new key, so a
 * kill at any moment loses nothing and a re-run skips rows already under the new key. One instance
 * runs once on one thread; not thread-safe.
 */
public final class KeyRotation {

  /** How many unreadable rows an error names (the rest are counted). */
  public static final int MAX_NAMED = 20;

  /** CAS attempts per row before giving up on a value that keeps changing. */
  private static final int MAX_ATTEMPTS = 50;

  /**
   * Tuning. Immutable.
   *
   * @param batchSize rows per page and per transaction (1..100000)
   * @param dryRun pre-check and count only; write nothing
   * @param pause wait between rotation batches to spare a busy database (zero for none)
   */
  public record Options(int batchSize, boolean dryRun, Duration pause) {
    public Options {
      if (batchSize < 1 || batchSize > 100_000) {
        throw new IllegalArgumentException("batch size must be 1..100000, was " + batchSize);
      }
      Objects.requireNonNull(pause, "pause");
    }

    /** Batches of 500, writing, no pause. */
    public static Options defaults() {
      return new Options(500, false, Duration.ZERO);
    }
  }

  /** The three passes, in order. */
  public enum Phase {
    PRECHECK,
    ROTATE,
    VERIFY
  }

  /** Progress callbacks, called on the rotating thread. Default methods do nothing. */
  public interface Listener {
    default void phaseStarted(Phase phase, long rows) {}

    default void rowsDone(Phase phase, long rows) {}

    default void phaseFinished(Phase phase) {}
  }

  /**
   * What a run found and did. Immutable.
   *
   * @param totals the counts summed over every encrypted column
   * @param dryRun whether the run wrote nothing
   * @param bySecret the same counts per encrypted column, in rotation order: user credentials, then
   *     OAuth access tokens, refresh tokens, client secrets and PKCE verifiers
   */
  public record Result(Counts totals, boolean dryRun, List<Counts> bySecret) {
    public Result {
      Objects.requireNonNull(totals, "totals");
      bySecret = List.copyOf(bySecret);
    }

    static Result of(List<Counts> bySecret, boolean dryRun) {
      return new Result(Counts.sum("all stored secrets", bySecret), dryRun, bySecret);
    }

    /** True when every row is under the new key (always false for a dry run with work to do). */
    public boolean complete() {
      return dryRun ? totals.toRotate() == 0 : totals.notCurrent() == 0;
    }
  }

  /**
   * The counts of one encrypted column, or of all of them. Immutable.
   *
   * @param secret what the rows hold, for people ("user credentials", "OAuth refresh tokens")
   * @param total rows seen by the pre-check
   * @param alreadyCurrent rows the pre-check found under the new key already (a resumed run)
   * @param toRotate rows the pre-check found under an old key
   * @param rotated rows this run re-encrypted (0 on a dry run)
   * @param retried rows re-read and re-encrypted because the bot changed them during the run
   * @param vanished rows deleted by the bot before they could be rotated
   * @param notCurrent rows the verify pass found NOT under the new key (0 means done)
   */
  public record Counts(
      String secret,
      long total,
      long alreadyCurrent,
      long toRotate,
      long rotated,
      long retried,
      long vanished,
      long notCurrent) {

    static Counts sum(String secret, List<Counts> all) {
      return new Counts(
          secret,
          sum(all, Counts::total),
          sum(all, Counts::alreadyCurrent),
          sum(all, Counts::toRotate),
          sum(all, Counts::rotated),
          sum(all, Counts::retried),
          sum(all, Counts::vanished),
          sum(all, Counts::notCurrent));
    }

    private static long sum(List<Counts> all, ToLongFunction<Counts> field) {
      return all.stream().mapToLong(field).sum();
    }
  }

  /** Test seam: runs between decrypting a row and writing its new value. */
  interface BeforeWrite {
    void beforeWrite(long rowId);
  }

  private final Store store;
  private final KeyRing target;
  private final KeyRing readable;
  private final Options options;
  private final Listener listener;
  private BeforeWrite beforeWrite = id -> {};

  /**
   * @param current the deployment's ring (ENCRYPTION_KEY / MASTER_PASSWORD)
   * @param newKey a ring whose first key is the new key; rows end up encrypted with it
   */
  public KeyRotation(
      Store store, KeyRing current, KeyRing newKey, Options options, Listener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.target = Objects.requireNonNull(newKey, "newKey");
    this.readable = current.withNewer(newKey);
    this.options = Objects.requireNonNull(options, "options");
    this.listener = listener == null ? new Listener() {} : listener;
  }

  KeyRotation onBeforeWrite(BeforeWrite hook) {
    this.beforeWrite = hook;
    return this;
  }

  /**
   * Runs the passes.
   *
   * @throws UnreadableCredentialsException if some row opens with no key
   */
  public Result run() {
    return run(() -> {});
  }

  /**
   * Runs the passes, calling {@code beforeFirstWrite} once after the pre-check passed and before
   * any row is written (not on a dry run). rotate-key saves a generated key file there: a failed
   * pre-check leaves no stray key, and no row is ever under a key that was not saved first.
   *
   * @throws UnreadableCredentialsException if some row opens with no key
   */
  public Result run(Runnable beforeFirstWrite) {
    List<Tally> tallies = Arrays.stream(EncryptedColumn.values()).map(Tally::new).toList();
    precheck(tallies);
    if (!options.dryRun()) {
      beforeFirstWrite.run();
      rotate(tallies, countAll());
      verify(tallies);
    }
    return Result.of(tallies.stream().map(Tally::counts).toList(), options.dryRun());
  }

  private long countAll() {
    return Arrays.stream(EncryptedColumn.values())
        .mapToLong(c -> store.secretColumns().count(c))
        .sum();
  }

  private void precheck(List<Tally> tallies) {
    int[] named = {0};
    readPass(
        Phase.PRECHECK,
        tallies,
        (t, row) -> {
          t.total++;
          if (target.isCurrent(row.encryptedValue())) {
            t.current++;
          } else if (!readable.opens(row.encryptedValue())) {
            t.unreadable++;
            if (named[0]++ < MAX_NAMED) {
              t.unreadableIds.add(row.id());
            }
          }
        });
    long unreadable = tallies.stream().mapToLong(t -> t.unreadable).sum();
    if (unreadable > 0) {
      List<BadCredential> bad =
          tallies.stream().flatMap(t -> describe(t.column, t.unreadableIds).stream()).toList();
      throw new UnreadableCredentialsException(unreadable, bad, true);
    }
  }

  /** Reads every row of every column by keyset pages, each page on its own connection. */
  private void readPass(
      Phase phase, List<Tally> tallies, BiConsumer<Tally, CredentialToken> visit) {
    listener.phaseStarted(phase, countAll());
    for (Tally t : tallies) {
      long after = 0;
      for (List<CredentialToken> page = page(t.column, after);
          !page.isEmpty();
          page = page(t.column, after = page.getLast().id())) {
        page.forEach(row -> visit.accept(t, row));
        listener.rowsDone(phase, page.size());
      }
    }
    listener.phaseFinished(phase);
  }

  private List<CredentialToken> page(EncryptedColumn column, long afterId) {
    return store.secretColumns().scan(column, afterId, options.batchSize());
  }

  private void rotate(List<Tally> tallies, long total) {
    listener.phaseStarted(Phase.ROTATE, total);
    for (Tally t : tallies) {
      long after = 0;
      while (true) {
        long from = after;
        List<CredentialToken> page = store.inTransaction(tx -> rotateBatch(tx, t, from));
        if (page.isEmpty()) {
          break;
        }
        after = page.getLast().id();
        listener.rowsDone(Phase.ROTATE, page.size());
        pause();
      }
    }
    listener.phaseFinished(Phase.ROTATE);
  }

  private List<CredentialToken> rotateBatch(Store tx, Tally t, long afterId) {
    List<CredentialToken> page = tx.secretColumns().scan(t.column, afterId, options.batchSize());
    List<CredentialSwap> swaps = new ArrayList<>();
    for (CredentialToken row : page) {
      if (!target.isCurrent(row.encryptedValue())) {
        swaps.add(new CredentialSwap(row.id(), row.encryptedValue(), reencrypt(t.column, row)));
      }
    }
    if (swaps.isEmpty()) {
      return page;
    }
    for (CredentialSwap s : swaps) {
      beforeWrite.beforeWrite(s.id());
    }
    int[] counts = tx.secretColumns().compareAndSetAll(t.column, swaps);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 1) {
        t.rotated++;
      } else {
        retry(tx, t, swaps.get(i).id());
      }
    }
    return page;
  }

  /** The bot changed or deleted the row since we read it: re-read and try again with its value. */
  private void retry(Store tx, Tally t, long id) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<CredentialToken> now = tx.secretColumns().findToken(t.column, id);
      if (now.isEmpty()) {
        t.vanished++;
        return;
      }
      if (target.isCurrent(now.get().encryptedValue())) {
        t.retried++; // written under the new key by a bot that already runs with it
        return;
      }
      String fresh = reencrypt(t.column, now.get());
      beforeWrite.beforeWrite(id);
      if (tx.secretColumns().compareAndSet(t.column, id, now.get().encryptedValue(), fresh)) {
        t.rotated++;
        t.retried++;
        return;
      }
    }
    throw new McpbotException(
        t.column.label()
            + " row "
            + id
            + " changed "
            + MAX_ATTEMPTS
            + " times during rotation: run rotate-key again with the same new key (rows already"
            + " done are skipped)");
  }

  private String reencrypt(EncryptedColumn column, CredentialToken row) {
    if (!readable.opens(row.encryptedValue())) {
      // Added after the pre-check with some other key.
      throw new UnreadableCredentialsException(1, describe(column, List.of(row.id())), false);
    }
    return target.encrypt(readable.decrypt(row.encryptedValue()));
  }

  private void verify(List<Tally> tallies) {
    readPass(
        Phase.VERIFY,
        tallies,
        (t, row) -> {
          if (!target.isCurrent(row.encryptedValue())) {
            t.notCurrent++;
          }
        });
  }

  private void pause() {
    if (!options.pause().isZero()) {
      try {
        Thread.sleep(options.pause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new McpbotException(
            "rotation interrupted: run rotate-key again with the same new key to complete it", e);
      }
    }
  }

  private List<BadCredential> describe(EncryptedColumn column, List<Long> ids) {
    return store.secretColumns().owners(column, ids).stream()
        .map(o -> new BadCredential(o.id(), o.slackUserId(), o.server(), o.credentialName()))
        .toList();
  }
}
