package io.mcpbot.cli;

import io.mcpbot.bot.ElicitationSchema;
import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import io.mcpbot.core.mcp.Elicitor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mcpbot chat}'s answer to a server's elicitation: asks the same questions as the Slack
 * modal in the terminal (prompts on stderr, answers from the chat's input), checked against the
 * requested schema the same way; URL mode prints the URL and waits for Enter. One question at a
 * time (synchronized); answers are never echoed back or logged.
 */
record TerminalQuestions(TerminalPrompt terminal) implements Elicitor {

  @Override
  public synchronized ElicitationAnswer elicit(ElicitationRequest r) {
    PrintStream err = terminal.err();
    err.println();
    if (r.mode() == ElicitationRequest.Mode.URL) {
      err.println(r.server() + " asks you to open a page: " + r.message());
      err.println("  " + r.url());
      String a =
          terminal.ask(
              "Open it only if you trust it. Enter when done, d to decline, c to cancel: ");
      return choice(a, ElicitationAnswer.accept(Map.of()));
    }
    err.println(r.server() + " asks: " + r.message());
    String go = terminal.ask("Answer? Enter to answer, d to decline, c to cancel: ");
    if (go == null || !go.isBlank()) {
      return choice(go, ElicitationAnswer.cancel());
    }
    ElicitationSchema schema = ElicitationSchema.parse(r.requestedSchema());
    while (true) {
      Map<String, Object> raw = new LinkedHashMap<>();
      for (ElicitationSchema.Field f : schema.fields()) {
        String a = terminal.ask(prompt(f));
        if (a == null) {
          return ElicitationAnswer.cancel();
        }
        Object v = value(f, a.strip());
        if (v != null) {
          raw.put(f.name(), v);
        }
      }
      ElicitationSchema.Checked checked = schema.check(raw);
      if (checked.errors().isEmpty()) {
        return ElicitationAnswer.accept(checked.values());
      }
      checked.errors().forEach((name, e) -> err.println("  " + name + ": " + e));
      String again = terminal.ask("Try again? Enter to retry, d to decline, c to cancel: ");
      if (again == null || !again.isBlank()) {
        return choice(again, ElicitationAnswer.cancel());
      }
    }
  }

  private static ElicitationAnswer choice(String a, ElicitationAnswer onEnter) {
    if (a == null) {
      return ElicitationAnswer.cancel();
    }
    return switch (a.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "" -> onEnter;
      case "d" -> ElicitationAnswer.decline();
      default -> ElicitationAnswer.cancel();
    };
  }

  static String prompt(ElicitationSchema.Field f) {
    StringBuilder p = new StringBuilder("  ").append(f.title());
    p.append(f.required() ? " (required" : " (optional");
    switch (f.kind()) {
      case BOOLEAN -> p.append(", y/n");
      case CHOICE -> p.append(", one of ").append(numbered(f));
      case CHOICES -> p.append(", comma-separated numbers of ").append(numbered(f));
      case DATE -> p.append(", YYYY-MM-DD");
      case DATE_TIME -> p.append(", ISO 8601 e.g. 2026-01-31T09:00:00Z");
      default -> p.append(", ").append(f.kind().name().toLowerCase(java.util.Locale.ROOT));
    }
    p.append(")");
    if (f.defaultValue() != null) {
      p.append(" [").append(f.defaultValue()).append("]");
    }
    return p.append(": ").toString();
  }

  private static String numbered(ElicitationSchema.Field f) {
    List<String> out = new ArrayList<>();
    int i = 1;
    for (String title : f.options().values()) {
      out.add(i++ + "=" + title);
    }
    return String.join(" ", out);
  }

  /** The typed line as the raw value {@link ElicitationSchema#check} takes; blank: the default. */
  static Object value(ElicitationSchema.Field f, String a) {
    if (a.isEmpty()) {
      Object d = f.defaultValue();
      return d instanceof Boolean b ? b.toString() : d == null ? null : d;
    }
    List<String> values = new ArrayList<>(f.options().keySet());
    return switch (f.kind()) {
      case BOOLEAN -> Boolean.toString(a.toLowerCase(java.util.Locale.ROOT).startsWith("y"));
      case CHOICE -> option(values, a);
      case CHOICES -> {
        List<String> chosen = new ArrayList<>();
        for (String one : a.split(",")) {
          chosen.add(option(values, one.strip()));
        }
        yield chosen;
      }
      default -> a;
    };
  }

  // a number picks the option; anything else is taken as the value itself
  private static String option(List<String> values, String a) {
    try {
      int n = Integer.parseInt(a);
      return n >= 1 && n <= values.size() ? values.get(n - 1) : a;
    } catch (NumberFormatException e) {
      return a;
    }
  }
}
