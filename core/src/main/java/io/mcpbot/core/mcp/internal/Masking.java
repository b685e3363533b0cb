package io.mcpbot.core.mcp.internal;

import java.util.List;

/**
 * Hides secret values in diagnostics (a server's stderr tail, error messages): whole occurrences,
 * occurrences split across lines (a server wrapping a long token), and the partial secret left at a
 * line the {@link StderrRing} cut short or at the start of a tail whose earlier lines it dropped.
 * Stateless and thread-safe.
 */
public final class Masking {
  public static final String MASK = "<masked>";

  /** Secrets shorter than this are not masked: they would blank out ordinary words. */
  static final int MIN_LENGTH = 3;

  private Masking() {}

  public static String mask(String text, List<String> secrets) {
    if (text == null || text.isEmpty() || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      String s = flat(secret);
      if (s.length() >= MIN_LENGTH) {
        out = maskWhole(out, s);
      }
    }
    return maskEdges(out, secrets);
  }

  /** Every occurrence of {@code s} in {@code text}, ignoring line breaks inside the occurrence. */
  private static String maskWhole(String text, String s) {
    StringBuilder flat = new StringBuilder(text.length());
    int[] pos = new int[text.length()];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\n' && c != '\r') {
        pos[flat.length()] = i;
        flat.append(c);
      }
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (int at = flat.indexOf(s); at >= 0; at = flat.indexOf(s, at + s.length())) {
      int from = pos[at];
      int to = pos[at + s.length() - 1] + 1;
      out.append(text, copied, from).append(MASK);
      copied = to;
    }
    if (copied == 0) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The part of a secret left before a cut marker or after the dropped-lines marker. */
  private static String maskEdges(String text, List<String> secrets) {
    if (!text.contains(StderrRing.CUT) && !text.startsWith(StderrRing.DROPPED)) {
      return text;
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith(StderrRing.CUT)) {
        String body = line.substring(0, line.length() - StderrRing.CUT.length());
        int k = longestPart(body, secrets, true);
        if (k > 0) {
          lines[i] = body.substring(0, body.length() - k) + MASK + StderrRing.CUT;
        }
      }
      if (i == 1 && lines[0].equals(StderrRing.DROPPED)) {
        int k = longestPart(lines[i], secrets, false);
        if (k > 0) {
          lines[i] = MASK + lines[i].substring(k);
        }
      }
    }
    return String.join("\n", lines);
  }

  /** Length of the longest secret prefix ending {@code line} (or suffix starting it), else 0. */
  private static int longestPart(String line, List<String> secrets, boolean prefixAtEnd) {
    int best = 0;
    for (String secret : secrets) {
      String s = flat(secret);
      for (int k = Math.min(s.length() - 1, line.length()); k >= MIN_LENGTH && k > best; k--) {
        boolean hit =
            prefixAtEnd
                ? line.endsWith(s.substring(0, k))
                : line.startsWith(s.substring(s.length() - k));
        if (hit) {
          best = k;
        }
      }
    }
    return best;
  }

  private static String flat(String secret) {
    return secret.indexOf('\n') < 0 && secret.indexOf('\r') < 0
        ? secret
        : secret.replace("\r", "").replace("\n", "");
  }
}
