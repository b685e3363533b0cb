package io.mcpbot.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small result table every admin command prints the same three ways: aligned text for people,
 * {@code --json} and {@code --csv} for machines. Not thread-safe; build, then print once.
 */
public final class Table {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String title;
  private final List<String> columns;
  private final List<List<Object>> rows = new ArrayList<>();

  public Table(String title, String... columns) {
    this.title = title;
    this.columns = List.of(columns);
  }

  public Table row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException("row has " + values.length + " values for " + columns);
    }
    rows.add(java.util.Arrays.asList(values));
    return this;
  }

  public String title() {
    return title;
  }

  public int size() {
    return rows.size();
  }

  /** Rows as column-name maps, in order; what {@code --json} prints. */
  public List<Map<String, Object>> asMaps() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (List<Object> r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        m.put(columns.get(i), r.get(i));
      }
      out.add(m);
    }
    return out;
  }

  public void printText(PrintWriter out) {
    int[] width = new int[columns.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = columns.get(i).length();
      for (List<Object> r : rows) {
        width[i] = Math.max(width[i], text(r.get(i)).length());
      }
    }
    if (title != null && !title.isEmpty()) {
      out.println(title);
    }
    out.println(line(columns.stream().map(c -> (Object) c).toList(), width));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
    }
    out.println(rule);
    if (rows.isEmpty()) {
      out.println("(none)");
    }
    for (List<Object> r : rows) {
      out.println(line(r, width));
    }
    out.flush();
  }

  public void printCsv(PrintWriter out) {
    out.println(String.join(",", columns.stream().map(Table::csv).toList()));
    for (List<Object> r : rows) {
      out.println(String.join(",", r.stream().map(v -> csv(text(v))).toList()));
    }
    out.flush();
  }

  /** Prints several tables as one JSON object keyed by title. */
  public static void printJson(PrintWriter out, List<Table> tables, Map<String, Object> extra) {
    Map<String, Object> doc = new LinkedHashMap<>(extra);
    for (Table t : tables) {
      doc.put(t.title, t.asMaps());
    }
    try {
      out.println(JSON.writeValueAsString(doc));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  private static String line(List<Object> values, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      String v = text(values.get(i));
      boolean numeric = values.get(i) instanceof Number;
      if (i > 0) {
        sb.append("  ");
      }
      String pad = " ".repeat(width[i] - v.length());
      sb.append(numeric ? pad + v : v + (i == width.length - 1 ? "" : pad));
    }
    return sb.toString();
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }

  private static String csv(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
