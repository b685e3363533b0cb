package io.mcpbot.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles over latency samples in milliseconds. */
final class Stats {
  private Stats() {}

  static double pct(List<Double> ms, double p) {
    double[] a = ms.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    int i = (int) Math.ceil(p / 100.0 * a.length) - 1;
    return a[Math.max(0, Math.min(a.length - 1, i))];
  }

  static double median(List<Double> ms) {
    return pct(ms, 50);
  }

  static String fmt(double ms) {
    return String.format("%.3f ms", ms);
  }

  /** "p50 X p99 Y" of {@code ms}. */
  static String p50p99(List<Double> ms) {
    return "p50 " + fmt(median(ms)) + " p99 " + fmt(pct(ms, 99));
  }

  /** "p50 Nx p99 Mx": {@code ms} against the peer {@code base}. */
  static String ratio(List<Double> ms, List<Double> base) {
    return String.format(
        "p50 %.2fx p99 %.2fx", median(ms) / median(base), pct(ms, 99) / pct(base, 99));
  }
}
