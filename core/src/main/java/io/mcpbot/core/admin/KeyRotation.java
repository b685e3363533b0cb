package io.mcpbot.core.admin;

import io.mcpbot.core.McpbotException;
import io.mcpbot.core.admin.UnreadableCredentialsException.BadCredential;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.CredentialSwap;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
   * What a run found and did in one encrypted column. Immutable.
   *
   * @param secret what the column holds ("user credentials", "OAuth refresh tokens", ...)
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
      long notCurrent) {}

  /**
   * What a run found and did: per encrypted column (user credentials first, then the OAuth access
   * tokens, refresh tokens, client secrets and PKCE verifiers), and summed over all of them by the
   * accessors named like {@link Counts}'s. Immutable.
   *
   * @param bySecret one entry per encrypted column, in rotation order
   * @param dryRun whether the run wrote nothing
   */
  public record Result(List<Counts> bySecret, boolean dryRun) {
    public Result {
      bySecret = List.copyOf(bySecret);
    }

    /** Rows seen by the pre-check. */
    public long total() {
      return sum(Counts::total);
    }

    /** Rows the pre-check found under the new key already (a resumed run). */
    public long alreadyCurrent() {
      return sum(Counts::alreadyCurrent);
    }

    /** Rows the pre-check found under an old key. */
    public long toRotate() {
      return sum(Counts::toRotate);
    }

    /** Rows this run re-encrypted (0 on a dry run). */
    public long rotated() {
      return sum(Counts::rotated);
    }

    /** Rows re-read and re-encrypted because the bot changed them during the run. */
    public long retried() {
      return sum(Counts::retried);
    }

    /** Rows deleted by the bot before they could be rotated. */
    public long vanished() {
      return sum(Counts::vanished);
    }

    /** Rows the verify pass found NOT under the new key (0 means done). */
    public long notCurrent() {
      return sum(Counts::notCurrent);
    }

    /** True when every row is under the new key (always false for a dry run with work to do). */
    public boolean complete() {
      return dryRun ? toRotate() == 0 : notCurrent() == 0;
    }

    private long sum(java.util.function.ToLongFunction<Counts> field) {
      return bySecret.stream().mapToLong(field).sum();
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
  private final List<SecretColumn> columns = SecretColumn.all();
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
    List<Tally> tallies = columns.stream().map(Tally::new).toList();
    precheck(tallies, countAll());
    if (!options.dryRun()) {
      beforeFirstWrite.run();
      rotate(tallies, countAll());
      verify(tallies, countAll());
    }
    return new Result(tallies.stream().map(Tally::counts).toList(), options.dryRun());
  }

  /** One column's counts as the passes find them. */
  private static final class Tally {
    final SecretColumn column;
    long total;
    long current;
    long rotated;
    long retried;
    long vanished;
    long notCurrent;

    Tally(SecretColumn column) {
      this.column = column;
    }

    Counts counts() {
      return new Counts(
          column.label(), total, current, total - current, rotated, retried, vanished, notCurrent);
    }
  }

  private long countAll() {
    return columns.stream().mapToLong(c -> c.count(store)).sum();
  }

  private void precheck(List<Tally> tallies, long total) {
    listener.phaseStarted(Phase.PRECHECK, total);
    long badCount = 0;
    List<BadCredential> bad = new ArrayList<>();
    for (Tally t : tallies) {
      List<Long> badIds = new ArrayList<>();
      long after = 0;
      for (List<CredentialToken> page = page(t.column, after);
          !page.isEmpty();
          page = page(t.column, after = page.getLast().id())) {
        for (CredentialToken row : page) {
          String token = row.encryptedValue();
          if (target.isCurrent(token)) {
            t.current++;
          } else if (!readable.opens(token)) {
            badCount++;
            if (bad.size() + badIds.size() < MAX_NAMED) {
              badIds.add(row.id());
            }
          }
        }
        t.total += page.size();
        listener.rowsDone(Phase.PRECHECK, page.size());
      }
      bad.addAll(describe(t.column, badIds));
    }
    listener.phaseFinished(Phase.PRECHECK);
    if (badCount > 0) {
      throw new UnreadableCredentialsException(badCount, bad, true);
    }
  }

  private List<CredentialToken> page(SecretColumn column, long afterId) {
    return column.scan(store, afterId, options.batchSize());
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
    List<CredentialToken> page = t.column.scan(tx, afterId, options.batchSize());
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
    int[] counts = t.column.compareAndSetAll(tx, swaps);
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
      Optional<CredentialToken> now = t.column.find(tx, id);
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
      if (t.column.compareAndSet(tx, id, now.get().encryptedValue(), fresh)) {
        t.rotated++;
        t.retried++;
        return;
      }
    }
    throw new McpbotException(
        t.column.rowName()
            + " row "
            + id
            + " changed "
            + MAX_ATTEMPTS
            + " times during rotation: run rotate-key again with the same new key (rows already"
            + " done are skipped)");
  }

  private String reencrypt(SecretColumn column, CredentialToken row) {
    if (!readable.opens(row.encryptedValue())) {
      // Added after the pre-check with some other key.
      throw new UnreadableCredentialsException(1, describe(column, List.of(row.id())), false);
    }
    return target.encrypt(readable.decrypt(row.encryptedValue()));
  }

  private void verify(List<Tally> tallies, long total) {
    listener.phaseStarted(Phase.VERIFY, total);
    for (Tally t : tallies) {
      long after = 0;
      for (List<CredentialToken> page = page(t.column, after);
          !page.isEmpty();
          page = page(t.column, after = page.getLast().id())) {
        t.notCurrent += page.stream().filter(r -> !target.isCurrent(r.encryptedValue())).count();
        listener.rowsDone(Phase.VERIFY, page.size());
      }
    }
    listener.phaseFinished(Phase.VERIFY);
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

  private List<BadCredential> describe(SecretColumn column, List<Long> ids) {
    return column.owners(store, ids).stream()
        .map(o -> new BadCredential(o.id(), o.slackUserId(), o.server(), o.credentialName()))
        .toList();
  }
}
