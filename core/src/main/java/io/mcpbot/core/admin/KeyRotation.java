package io.mcpbot.core.admin;

import io.mcpbot.core.McpbotException;
import io.mcpbot.core.admin.UnreadableCredentialsException.BadCredential;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

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

  private final Database database;
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
      Database database, KeyRing current, KeyRing newKey, Options options, Listener listener) {
    this.database = Objects.requireNonNull(database, "database");
    this.store = Store.of(database);
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

  private record Pending(long id, String oldToken, String newToken) {}

  private List<CredentialToken> rotateBatch(Store tx, long afterId) {
    List<CredentialToken> page = tx.credentials().scan(afterId, options.batchSize());
    List<Pending> pending = new ArrayList<>();
    for (CredentialToken row : page) {
      if (!target.isCurrent(row.encryptedValue())) {
        pending.add(new Pending(row.id(), row.encryptedValue(), reencrypt(row)));
      }
    }
    if (pending.isEmpty()) {
      return page;
    }
    for (Pending p : pending) {
      beforeWrite.beforeWrite(p.id());
    }
    Handle handle = tx.credentials().getHandle();
    PreparedBatch batch =
        handle.prepareBatch(
            "UPDATE user_credentials SET encrypted_value = :newToken"
                + " WHERE id = :id AND encrypted_value = :oldToken");
    for (Pending p : pending) {
      batch.bind("id", p.id()).bind("oldToken", p.oldToken()).bind("newToken", p.newToken()).add();
    }
    int[] counts = batch.execute();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 1) {
        rotated++;
      } else {
        retry(tx, pending.get(i).id());
      }
    }
    return page;
  }

  /** The bot changed or deleted the row since we read it: re-read and try again with its value. */
  private void retry(Store tx, long id) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<CredentialToken> now = read(tx, id);
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

  private static Optional<CredentialToken> read(Store tx, long id) {
    List<CredentialToken> one = tx.credentials().scan(id - 1, 1);
    return one.isEmpty() || one.getFirst().id() != id
        ? Optional.empty()
        : Optional.of(one.getFirst());
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
    if (ids.isEmpty()) {
      return List.of();
    }
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT c.id, u.slack_user_id, s.name AS server, c.credential_name"
                            + " FROM user_credentials c"
                            + " LEFT JOIN users u ON u.id = c.user_id"
                            + " LEFT JOIN mcp_servers s ON s.id = c.server_id"
                            + " WHERE c.id IN (<ids>) ORDER BY c.id")
                    .bindList("ids", ids)
                    .map(
                        (rs, ctx) ->
                            new BadCredential(
                                rs.getLong("id"),
                                rs.getString("slack_user_id"),
                                rs.getString("server"),
                                rs.getString("credential_name")))
                    .list());
  }
}
