package io.mcpbot.cli.output;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A progress bar for long admin operations, printed to stderr so {@code --json} output on stdout
 * stays clean. On a terminal it redraws one line; otherwise it prints a line every 10%. Not
 * thread-safe; call from the thread doing the work.
 */
public final class Progress implements AutoCloseable {
  private final PrintStream err;
  private final String label;
  private final long total;
  private final boolean interactive;
  private final LongSupplier nanos;
  private final long started;
  private long done;
  private long lastDraw;
  private int lastDecile = -1;
  private long lastPrinted = -1;

  public Progress(PrintStream err, String label, long total, boolean interactive) {
    this(err, label, total, interactive, System::nanoTime);
  }

  Progress(PrintStream err, String label, long total, boolean interactive, LongSupplier nanos) {
    this.err = err;
    this.label = label;
    this.total = Math.max(0, total);
    this.interactive = interactive;
    this.nanos = nanos;
    this.started = nanos.getAsLong();
  }

  /** True when stderr looks like a terminal a person watches. */
  public static boolean terminal() {
    return System.console() != null;
  }

  public void advance(long n) {
    done += n;
    draw(false);
  }

  public long done() {
    return done;
  }

  private void draw(boolean last) {
    long now = nanos.getAsLong();
    int decile = total == 0 ? 10 : (int) Math.min(10, done * 10 / total);
    if (interactive) {
      if (!last && now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      err.print("\r" + render(now));
      if (last) {
        err.println();
      }
    } else if (decile != lastDecile || (last && done != lastPrinted)) {
      lastDecile = decile;
      lastPrinted = done;
      err.println(render(now));
    }
    err.flush();
  }

  String render(long now) {
    double fraction = total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(fraction * 30);
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    double rate = done / seconds;
    String eta =
        rate > 0 && done < total
            ? " ETA " + fmt(Duration.ofSeconds((long) ((total - done) / rate)))
            : "";
    return String.format(
        "%s [%s%s] %3d%% %d/%d (%.0f/s)%s",
        label,
        "#".repeat(filled),
        " ".repeat(30 - filled),
        Math.round(fraction * 100),
        done,
        total,
        rate,
        eta);
  }

  private static String fmt(Duration d) {
    long s = d.toSeconds();
    return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
  }

  @Override
  public void close() {
    draw(true);
  }
}
