package io.mcpbot.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts the Markdown a model writes into Slack mrkdwn, and splits long text into messages
 * without breaking code blocks. Stateless and thread-safe.
 *
 * <p>Code spans and fenced blocks are never reformatted; like all text they have {@code & < >}
 * escaped, because Slack reads {@code <...>} as a control sequence everywhere.
 */
public final class SlackMarkdown {

  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern RULE = Pattern.compile("^\\s{0,3}([-*_])(\\s*\\1){2,}\\s*$");
  private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");
  private static final Pattern QUOTE = Pattern.compile("^\\s{0,3}>\\s?(.*)$");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern LINK =
      Pattern.compile("!?\\[([^\\]]*)]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern AUTOLINK = Pattern.compile("<((?:https?|mailto):[^>\\s]+)>");
  private static final Pattern BOLD =
      Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*|__(?=\\S)(.+?)(?<=\\S)__");
  private static final Pattern ITALIC =
      Pattern.compile("(?<![*\\w\\\\])\\*(?=[^\\s*])(.+?)(?<=[^\\s*])\\*(?![*\\w])");
  private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
  private static final Pattern TABLE_ROW = Pattern.compile("^\\s*\\|.*\\|\\s*$");
  private static final Pattern TABLE_RULE =
      Pattern.compile("^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$");
  private static final char BOLD_MARK = '\u0001';
  private static final char SLOT = '\u0002';

  private SlackMarkdown() {}

  /** Converts Markdown to Slack mrkdwn. Null becomes the empty string. */
  public static String toMrkdwn(String markdown) {
    if (markdown == null) {
      return "";
    }
    String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
    StringBuilder out = new StringBuilder(markdown.length() + 16);
    boolean inFence = false;
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      String line = lines[i];
      if (isFence(line)) {
        inFence = !inFence;
        out.append("```");
        continue;
      }
      if (inFence) {
        out.append(escape(line));
        continue;
      }
      if (isTableStart(lines, i)) {
        // Slack has no tables: keep the grid readable in a code block.
        out.append("```");
        while (i < lines.length && TABLE_ROW.matcher(lines[i]).matches()) {
          out.append('\n').append(escape(lines[i].strip()));
          i++;
        }
        i--;
        out.append("\n```");
        continue;
      }
      out.append(convertLine(line));
    }
    return out.toString();
  }

  private static boolean isTableStart(String[] lines, int i) {
    return i + 1 < lines.length
        && TABLE_ROW.matcher(lines[i]).matches()
        && TABLE_RULE.matcher(lines[i + 1]).matches();
  }

  private static String convertLine(String line) {
    Matcher m = HEADING.matcher(line);
    if (m.matches()) {
      String text = m.group(1).replace("**", "").replace("__", "");
      return text.isEmpty() ? "" : "*" + inline(text) + "*";
    }
    if (RULE.matcher(line).matches()) {
      return "──────────";
    }
    m = BULLET.matcher(line);
    if (m.matches()) {
      int level = m.group(1).replace("\t", "    ").length() / 2;
      return "    ".repeat(level) + "• " + inline(m.group(2));
    }
    m = QUOTE.matcher(line);
    if (m.matches()) {
      return "> " + inline(m.group(1));
    }
    return inline(line);
  }

  /** Converts one line of text: code spans verbatim, the rest reformatted. */
  private static String inline(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    Matcher m = CODE_SPAN.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(plain(text.substring(last, m.start())));
      out.append('`').append(escape(m.group(2).strip())).append('`');
      last = m.end();
    }
    out.append(plain(text.substring(last)));
    return out.toString();
  }

  private static String plain(String text) {
    if (text.isEmpty()) {
      return text;
    }
    List<String> slots = new ArrayList<>();
    text = replace(LINK, text, m -> slot(slots, link(m.group(2), m.group(1))));
    text = replace(AUTOLINK, text, m -> slot(slots, link(m.group(1), "")));
    text = escape(text);
    text =
        replace(
            BOLD,
            text,
            m -> BOLD_MARK + (m.group(1) != null ? m.group(1) : m.group(2)) + BOLD_MARK);
    text = replace(ITALIC, text, m -> "_" + m.group(1) + "_");
    text = replace(STRIKE, text, m -> "~" + m.group(1) + "~");
    text = text.replace(BOLD_MARK, '*');
    for (int i = 0; i < slots.size(); i++) {
      text = text.replace(SLOT + Integer.toString(i) + SLOT, slots.get(i));
    }
    return text;
  }

  private static String link(String url, String label) {
    String safeUrl =
        url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20");
    String text = label.replace("**", "").replace("__", "").replace("`", "").strip();
    if (text.isEmpty() || text.equals(url)) {
      return "<" + safeUrl + ">";
    }
    return "<" + safeUrl + "|" + escape(text).replace("|", "¦") + ">";
  }

  private static String slot(List<String> slots, String value) {
    slots.add(value);
    return SLOT + Integer.toString(slots.size() - 1) + SLOT;
  }

  private static String replace(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> f) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(f.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Escapes Slack's three control characters. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static boolean isFence(String line) {
    String s = line.strip();
    // A line like ```x``` opens and closes at once: not a toggle.
    return s.startsWith("```") && !(s.length() > 6 && s.endsWith("```"));
  }

  /**
   * Splits mrkdwn into parts of at most {@code maxChars}, preferring paragraph then line
   * boundaries. A code block cut in two is closed at the end of one part and reopened in the next.
   */
  public static List<String> split(String mrkdwn, int maxChars) {
    if (maxChars < 16) {
      throw new IllegalArgumentException("maxChars must be at least 16, got " + maxChars);
    }
    List<String> parts = new ArrayList<>();
    if (mrkdwn.length() <= maxChars) {
      parts.add(mrkdwn);
      return parts;
    }
    Splitter s = new Splitter(maxChars, parts);
    for (String line : mrkdwn.split("\n", -1)) {
      for (String piece : pieces(line, maxChars - 8)) {
        s.add(piece);
      }
    }
    s.finish();
    return parts;
  }

  /** Cuts a line longer than {@code max} at spaces when possible. */
  private static List<String> pieces(String line, int max) {
    List<String> out = new ArrayList<>();
    String rest = line;
    while (rest.length() > max) {
      int cut = rest.lastIndexOf(' ', max);
      if (cut < max / 2) {
        cut = max;
        // never between the two halves of an emoji or other supplementary character
        if (Character.isHighSurrogate(rest.charAt(cut - 1))) {
          cut--;
        }
      }
      out.add(rest.substring(0, cut));
      rest = rest.substring(cut).stripLeading();
    }
    out.add(rest);
    return out;
  }

  /** Greedy line packer that keeps fences balanced in every part. */
  private static final class Splitter {
    private final int max;
    private final List<String> parts;
    private final List<String> lines = new ArrayList<>();
    private int length = -1; // length of lines joined by '\n'
    private boolean startsOpen; // the part began inside a code block
    private boolean open; // inside a code block after the last line

    Splitter(int max, List<String> parts) {
      this.max = max;
      this.parts = parts;
    }

    void add(String line) {
      while (true) {
        boolean openAfter = isFence(line) != open;
        int reserve = openAfter ? 4 : 0;
        if (lines.isEmpty() || length + 1 + line.length() + reserve <= max) {
          append(line, openAfter);
          return;
        }
        cut();
      }
    }

    private void append(String line, boolean openAfter) {
      if (lines.isEmpty() && open) {
        lines.add("```");
        length = 3;
        startsOpen = true;
      }
      lines.add(line);
      length += 1 + line.length();
      open = openAfter;
    }

    /** Emits a part, at the last paragraph break outside code in its second half if any. */
    private void cut() {
      int at = -1;
      boolean fence = startsOpen;
      int len = -1;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (i > 0 && !fence && line.isBlank() && len >= max / 2) {
          at = i;
        }
        if (isFence(line) && !(i == 0 && startsOpen)) {
          fence = !fence;
        }
        len += 1 + line.length();
      }
      List<String> carry = new ArrayList<>();
      if (at > 0) {
        carry.addAll(lines.subList(at + 1, lines.size()));
        lines.subList(at, lines.size()).clear();
        emit(false);
        open = false;
        for (String line : carry) {
          append(line, isFence(line) != open);
        }
      } else {
        emit(open);
      }
    }

    private void emit(boolean closeFence) {
      StringBuilder part = new StringBuilder(String.join("\n", lines));
      if (closeFence) {
        part.append("\n```");
      }
      String text = part.toString().stripTrailing();
      if (!text.isBlank()) {
        parts.add(text);
      }
      lines.clear();
      length = -1;
      startsOpen = false;
    }

    void finish() {
      if (!lines.isEmpty()) {
        emit(false);
      }
    }
  }
}
