package io.mcpbot.bench;

import io.mcpbot.core.crypto.Fernet;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fernet encrypt and decrypt throughput of our implementation for a ~40-byte credential (a GitHub
 * token). Prints one line per operation: ops/s over the measured run, then p50/p99 latency in
 * microseconds. {@code fernet_vs_python.sh} runs it next to Python's cryptography and prints the
 * ratio. Usage: {@code FernetBench [measuredOps] [warmupOps]}.
 */
public final class FernetBench {
  private static final String KEY = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
  private static final byte[] PLAINTEXT =
      "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789".getBytes(StandardCharsets.UTF_8);

  private FernetBench() {}

  public static void main(String[] args) {
    int ops = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Fernet fernet = Fernet.fromKey(KEY);
    String token = fernet.encrypt(PLAINTEXT);
    long sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += fernet.encrypt(PLAINTEXT).length();
      sink += fernet.decrypt(token).length;
    }
    long[] enc = new long[ops];
    long startEnc = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      long t0 = System.nanoTime();
      sink += fernet.encrypt(PLAINTEXT).length();
      enc[i] = System.nanoTime() - t0;
    }
    long encTotal = System.nanoTime() - startEnc;
    long[] dec = new long[ops];
    long startDec = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      long t0 = System.nanoTime();
      sink += fernet.decrypt(token).length;
      dec[i] = System.nanoTime() - t0;
    }
    long decTotal = System.nanoTime() - startDec;
    report("encrypt", enc, encTotal);
    report("decrypt", dec, decTotal);
    if (sink == 42) {
      System.out.println("(sink)");
    }
  }

  private static void report(String op, long[] nanos, long totalNanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double opsPerSec = nanos.length / (totalNanos / 1e9);
    System.out.printf(
        "java %s ops_per_s=%.0f p50_us=%.2f p99_us=%.2f n=%d plaintext_bytes=%d%n",
        op,
        opsPerSec,
        sorted[sorted.length / 2] / 1e3,
        sorted[(int) (sorted.length * 0.99)] / 1e3,
        nanos.length,
        PLAINTEXT.length);
  }
}
