package io.mcpbot.core.mcp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Keeps the last lines of a server's stderr (at most {@code maxLines} lines, {@code maxBytes}
 * chars) for diagnostics; an endless stream costs no memory. Thread-safe.
 */
public final class StderrRing {
  /** Ends a line cut at the length limit (so masking can hide a secret cut in half). */
  public static final String CUT = " …[cut]";

  /** First line of a tail whose earlier lines were dropped. */
  public static final String DROPPED = "…[earlier lines dropped]";

  /** Longest line kept whole, in bytes: a server's single line is a diagnostic, not a dump. */
  static final int MAX_LINE = 1024;

  private final int maxLines;
  private final int maxChars;
  private final int maxLine;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private int chars;
  private boolean dropped;

  public StderrRing(int maxLines, int maxChars) {
    this(maxLines, maxChars, MAX_LINE);
  }

  /** As above, cutting lines longer than {@code maxLine} bytes. */
  StderrRing(int maxLines, int maxChars, int maxLine) {
    this.maxLines = maxLines;
    this.maxChars = maxChars;
    this.maxLine = maxLine;
  }

  /** Drains {@code in} until EOF, keeping only the tail. Runs on the session's stderr thread. */
  public void drain(InputStream in) {
    byte[] buf = new byte[8192];
    byte[] line = new byte[maxLine];
    int len = 0;
    boolean cut = false;
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            add(new String(line, 0, len, StandardCharsets.UTF_8) + (cut ? CUT : ""));
            len = 0;
            cut = false;
          } else if (len < maxLine) {
            line[len++] = b;
          } else {
            cut = true;
          }
        }
      }
    } catch (IOException e) {
      // stream closed under us at session end: nothing more to keep
    }
    if (len > 0) {
      add(new String(line, 0, len, StandardCharsets.UTF_8) + (cut ? CUT : ""));
    }
  }

  public synchronized void add(String l) {
    String s = l.strip();
    if (s.isEmpty()) {
      return;
    }
    lines.addLast(s);
    chars += s.length();
    while (lines.size() > maxLines || (chars > maxChars && lines.size() > 1)) {
      chars -= lines.removeFirst().length();
      dropped = true;
    }
  }

  /**
   * The kept tail, newline-joined, starting with {@link #DROPPED} if earlier lines were dropped;
   * unmasked: callers mask (see {@link Masking}) before showing it.
   */
  public synchronized String tail() {
    String kept = String.join("\n", lines);
    return dropped && !kept.isEmpty() ? DROPPED + "\n" + kept : kept;
  }
}
