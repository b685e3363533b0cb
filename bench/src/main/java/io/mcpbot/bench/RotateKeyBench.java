package io.mcpbot.bench;

import io.mcpbot.core.admin.KeyRotation;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.EncryptedColumn;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.testing.SeededCredentials;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * rotate-key over many credentials on embedded PostgreSQL: {@link KeyRotation} (pre-check, batched
 * compare-and-set rotation, verify) against a naive peer measured in the same run (one row per
 * transaction, the obvious loop). Prints rows/s, total and per-pass times, batch-commit p50/p99,
 * and peak heap (heap-pool peaks and a 5 ms sampler). Usage: {@code RotateKeyBench [rows] [runs]
 * [naiveRows] [batchSize]}, default 100000 3 5000 500.
 */
public final class RotateKeyBench {
  private RotateKeyBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int naiveRows = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 500;
    System.out.printf(
        "rotate-key bench: rows=%d runs=%d batch=%d naive_rows=%d max_heap=%dMB java=%s%n",
        rows,
        runs,
        batch,
        naiveRows,
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"));

    List<Double> rates = new ArrayList<>();
    try (Database db = Database.open(TestDatabases.emptyUrl(Engine.POSTGRESQL))) {
      db.migrate();
      KeyRing current = ring();
      long t0 = System.nanoTime();
      SeededCredentials.bulk(db, current, rows, 10);
      System.out.printf("seeded %d credentials in %.1f s%n", rows, secs(System.nanoTime() - t0));
      for (int run = 1; run <= runs; run++) {
        KeyRing next = ring();
        rates.add(rotateOnce(db, current, next, batch, run));
        current = next;
      }
    }

    double naive;
    try (Database db = Database.open(TestDatabases.emptyUrl(Engine.POSTGRESQL))) {
      db.migrate();
      KeyRing old = ring();
      SeededCredentials.bulk(db, old, naiveRows, 10);
      naive = naiveRotate(db, old, ring());
    }
    double median = median(rates);
    System.out.printf(
        "ratio batched/naive rotate-pass rows/s = %.1fx (batched median %.0f rows/s, naive %.0f"
            + " rows/s)%n",
        median / naive, median, naive);
    System.exit(0); // embedded PostgreSQL stops in its shutdown hook
  }

  private static double rotateOnce(Database db, KeyRing current, KeyRing next, int batch, int run) {
    PhaseClock clock = new PhaseClock();
    HeapSampler heap = HeapSampler.start();
    long t0 = System.nanoTime();
    KeyRotation.Result r =
        new KeyRotation(
                Store.of(db),
                current,
                next,
                new KeyRotation.Options(batch, false, Duration.ZERO),
                clock)
            .run();
    long total = System.nanoTime() - t0;
    heap.stop();
    if (r.totals().rotated() != r.totals().total() || r.totals().notCurrent() != 0) {
      throw new IllegalStateException("rotation incomplete: " + r);
    }
    long[] batches = clock.batchNanos();
    double rotateRate = r.totals().rotated() / secs(clock.nanos(KeyRotation.Phase.ROTATE));
    System.out.printf(
        "run %d: rows=%d total=%.2f s (%.0f rows/s end to end) | pre-check %.2f s, rotate %.2f s"
            + " (%.0f rows/s), verify %.2f s | batch commit p50 %.1f ms p99 %.1f ms | peak heap"
            + " sampled %d MB, heap pools peak sum %d MB%n",
        run,
        r.totals().rotated(),
        secs(total),
        r.totals().rotated() / secs(total),
        secs(clock.nanos(KeyRotation.Phase.PRECHECK)),
        secs(clock.nanos(KeyRotation.Phase.ROTATE)),
        rotateRate,
        secs(clock.nanos(KeyRotation.Phase.VERIFY)),
        pct(batches, 50) / 1e6,
        pct(batches, 99) / 1e6,
        heap.maxUsed() >> 20,
        heap.poolPeaks() >> 20);
    return rotateRate;
  }

  /**
   * The obvious loop: read a page, then decrypt, encrypt and CAS each row in its own transaction.
   */
  private static double naiveRotate(Database db, KeyRing old, KeyRing next) {
    Store store = Store.of(db);
    long[] perRow = new long[(int) store.secretColumns().count(EncryptedColumn.CREDENTIAL)];
    int i = 0;
    long t0 = System.nanoTime();
    long after = 0;
    for (List<CredentialToken> page =
            store.secretColumns().scan(EncryptedColumn.CREDENTIAL, after, 500);
        !page.isEmpty();
        page = store.secretColumns().scan(EncryptedColumn.CREDENTIAL, after, 500)) {
      for (CredentialToken t : page) {
        long s = System.nanoTime();
        String fresh = next.encrypt(old.decrypt(t.encryptedValue()));
        store.useTransaction(
            tx ->
                tx.secretColumns()
                    .compareAndSet(EncryptedColumn.CREDENTIAL, t.id(), t.encryptedValue(), fresh));
        perRow[i++] = System.nanoTime() - s;
        after = t.id();
      }
    }
    double rate = i / secs(System.nanoTime() - t0);
    System.out.printf(
        "naive: rows=%d one transaction per row: %.0f rows/s | per row p50 %.2f ms p99 %.2f ms%n",
        i, rate, pct(perRow, 50) / 1e6, pct(perRow, 99) / 1e6);
    return rate;
  }

  private static KeyRing ring() {
    return KeyRing.of("bench", List.of(KeyRing.generateKey()));
  }

  private static double secs(long nanos) {
    return nanos / 1e9;
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static long pct(long[] xs, int p) {
    if (xs.length == 0) {
      return 0;
    }
    long[] a = xs.clone();
    Arrays.sort(a);
    return a[Math.min(a.length - 1, (int) Math.ceil(p / 100.0 * a.length) - 1)];
  }

  /** Times each pass and each committed rotation batch. */
  private static final class PhaseClock implements KeyRotation.Listener {
    private final long[] start = new long[3];
    private final long[] took = new long[3];
    private final List<Long> batches = new ArrayList<>();
    private long lastBatch;

    @Override
    public void phaseStarted(KeyRotation.Phase phase, long rows) {
      start[phase.ordinal()] = System.nanoTime();
      lastBatch = start[phase.ordinal()];
    }

    @Override
    public void rowsDone(KeyRotation.Phase phase, long rows) {
      if (phase == KeyRotation.Phase.ROTATE) {
        long now = System.nanoTime();
        batches.add(now - lastBatch);
        lastBatch = now;
      }
    }

    @Override
    public void phaseFinished(KeyRotation.Phase phase) {
      took[phase.ordinal()] = System.nanoTime() - start[phase.ordinal()];
    }

    long nanos(KeyRotation.Phase phase) {
      return took[phase.ordinal()];
    }

    long[] batchNanos() {
      return batches.stream().mapToLong(Long::longValue).toArray();
    }
  }

  /** Peak heap: a 5 ms sampler of used heap, and the heap pools' own peak counters. */
  private static final class HeapSampler {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong max = new AtomicLong();
    private final Thread thread;

    private HeapSampler() {
      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      var memory = ManagementFactory.getMemoryMXBean();
      thread =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (running.get()) {
                      max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                      try {
                        Thread.sleep(5);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    static HeapSampler start() {
      return new HeapSampler();
    }

    void stop() throws RuntimeException {
      running.set(false);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    long maxUsed() {
      return max.get();
    }

    long poolPeaks() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .mapToLong(p -> p.getPeakUsage().getUsed())
          .sum();
    }
  }
}
