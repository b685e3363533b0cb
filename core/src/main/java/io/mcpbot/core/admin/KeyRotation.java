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
 * Re-encrypts every stored credential from the current key ring to a new key, safely while the bot
 * runs. Three passes over user_credentials by keyset pages: a pre-check (every row must open with
 * the current ring or the new key, else {@link UnreadableCredentialsException} before anything is
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
   * @param total rows seen by the pre-check
   * @param alreadyCurrent rows the pre-check found under the new key already (a resumed run)
   * @param toRotate rows the pre-check found under an old key
   * @param rotated rows this run re-encrypted (0 on a dry run)
   * @param retried rows re-read and re-encrypted because the bot changed them during the run
   * @param vanished rows deleted by the bot before they could be rotated
   * @param notCurrent rows the verify pass found NOT under the new key (0 means done)
   * @param dryRun whether the run wrote nothing
   */
  public record Result(
      long total,
      long alreadyCurrent,
      long toRotate,
      long rotated,
      long retried,
      long vanished,
      long notCurrent,
      boolean dryRun) {

    /** True when every row is under the new key (always false for a dry run with work to do). */
    public boolean complete() {
      return dryRun ? toRotate == 0 : notCurrent == 0;
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
  private long rotated;
  private long retried;
  private long vanished;

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
    long total = store.credentials().count();
    Scan pre = precheck(total);
    if (options.dryRun()) {
      return new Result(pre.total, pre.current, pre.total - pre.current, 0, 0, 0, 0, true);
    }
    beforeFirstWrite.run();
    rotate(total);
    long notCurrent = verify(store.credentials().count());
    return new Result(
        pre.total,
        pre.current,
        pre.total - pre.current,
        rotated,
        retried,
        vanished,
        notCurrent,
        false);
  }

  private record Scan(long total, long current) {}

  private Scan precheck(long total) {
    listener.phaseStarted(Phase.PRECHECK, total);
    long seen = 0;
    long current = 0;
    long badCount = 0;
    List<Long> bad = new ArrayList<>();
    long after = 0;
    for (List<CredentialToken> page = page(after);
        !page.isEmpty();
        page = page(after = page.getLast().id())) {
      for (CredentialToken row : page) {
        String token = row.encryptedValue();
        if (target.isCurrent(token)) {
          current++;
        } else if (!readable.opens(token)) {
          badCount++;
          if (bad.size() < MAX_NAMED) {
            bad.add(row.id());
          }
        }
      }
      seen += page.size();
      listener.rowsDone(Phase.PRECHECK, page.size());
    }
    listener.phaseFinished(Phase.PRECHECK);
    if (badCount > 0) {
      throw new UnreadableCredentialsException(badCount, describe(bad), true);
    }
    return new Scan(seen, current);
  }

  private List<CredentialToken> page(long afterId) {
    return store.credentials().scan(afterId, options.batchSize());
  }

  private void rotate(long total) {
    listener.phaseStarted(Phase.ROTATE, total);
    long after = 0;
    while (true) {
      long from = after;
      List<CredentialToken> page = store.inTransaction(tx -> rotateBatch(tx, from));
      if (page.isEmpty()) {
        break;
      }
      after = page.getLast().id();
      listener.rowsDone(Phase.ROTATE, page.size());
      pause();
    }
    listener.phaseFinished(Phase.ROTATE);
  }

  private List<CredentialToken> rotateBatch(Store tx, long afterId) {
    List<CredentialToken> page = tx.credentials().scan(afterId, options.batchSize());
    List<CredentialSwap> swaps = new ArrayList<>();
    for (CredentialToken row : page) {
      if (!target.isCurrent(row.encryptedValue())) {
        swaps.add(new CredentialSwap(row.id(), row.encryptedValue(), reencrypt(row)));
      }
    }
    if (swaps.isEmpty()) {
      return page;
    }
    for (CredentialSwap s : swaps) {
      beforeWrite.beforeWrite(s.id());
    }
    int[] counts = tx.credentials().compareAndSetAll(swaps);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 1) {
        rotated++;
      } else {
        retry(tx, swaps.get(i).id());
      }
    }
    return page;
  }

  /** The bot changed or deleted the row since we read it: re-read and try again with its value. */
  private void retry(Store tx, long id) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<CredentialToken> now = tx.credentials().findToken(id);
      if (now.isEmpty()) {
        vanished++;
        return;
      }
      if (target.isCurrent(now.get().encryptedValue())) {
        retried++; // written under the new key by a bot that already runs with it
        return;
      }
      String fresh = reencrypt(now.get());
      beforeWrite.beforeWrite(id);
      if (tx.credentials().compareAndSet(id, now.get().encryptedValue(), fresh)) {
        rotated++;
        retried++;
        return;
      }
    }
    throw new McpbotException(
        "credential row "
            + id
            + " changed "
            + MAX_ATTEMPTS
            + " times during rotation: run rotate-key again with the same new key (rows already"
            + " done are skipped)");
  }

  private String reencrypt(CredentialToken row) {
    if (!readable.opens(row.encryptedValue())) {
      // Added after the pre-check with some other key.
      throw new UnreadableCredentialsException(1, describe(List.of(row.id())), false);
    }
    return target.encrypt(readable.decrypt(row.encryptedValue()));
  }

  private long verify(long total) {
    listener.phaseStarted(Phase.VERIFY, total);
    long notCurrent = 0;
    long after = 0;
    for (List<CredentialToken> page = page(after);
        !page.isEmpty();
        page = page(after = page.getLast().id())) {
      notCurrent += page.stream().filter(r -> !target.isCurrent(r.encryptedValue())).count();
      listener.rowsDone(Phase.VERIFY, page.size());
    }
    listener.phaseFinished(Phase.VERIFY);
    return notCurrent;
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

  private List<BadCredential> describe(List<Long> ids) {
    return store.credentials().owners(ids).stream()
        .map(o -> new BadCredential(o.id(), o.slackUserId(), o.server(), o.credentialName()))
        .toList();
  }
}
