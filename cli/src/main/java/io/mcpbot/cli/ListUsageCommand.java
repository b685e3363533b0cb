package io.mcpbot.cli;

import io.mcpbot.cli.output.Table;
import io.mcpbot.core.admin.Durations;
import io.mcpbot.core.admin.UsageSummary;
import io.mcpbot.core.store.UsageReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcpbot list-usage}: who uses what, over a period. */
@Command(
    name = "list-usage",
    mixinStandardHelpOptions = true,
    description = {
      "Show usage over a period.",
      "",
      "Users, enabled users per server, conversations, messages and tool calls (calls,",
      "failures, mean duration) per server and tool. Per server: tool calls and users.",
      "Per user: tool calls, answered turns and model tokens (input, of which cached,",
      "and output). In --csv the per_user rows carry the Slack user ID in the server",
      "column."
    })
final class ListUsageCommand extends Subcommand {
  @Option(
      names = "--since",
      paramLabel = "PERIOD",
      defaultValue = "30d",
      converter = PeriodConverter.class,
      description = "How far back: 30d, 12h, 90m, 2w (default: ${DEFAULT-VALUE}).")
  Duration since;

  @ArgGroup(exclusive = true)
  Format format = new Format();

  static final class Format {
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--csv", description = "Print one CSV table: section,server,tool,metric,value.")
    boolean csv;
  }

  @Override
  public Integer call() {
    UsageSummary summary =
        Context.withStore(
            main.settings(),
            Context.Migrate.YES,
            store -> UsageSummary.query(store, since, Instant.now()));
    UsageReport r = summary.report();
    Instant from = r.since().truncatedTo(ChronoUnit.SECONDS);
    Table totals =
        new Table("Usage since " + from + " (" + Durations.format(since) + ")", "metric", "value");
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("total_users", r.totalUsers());
    metrics.put("active_users", r.activeUsers());
    metrics.put("users_seen", r.usersSeenSince());
    metrics.put("conversations", r.conversationsSince());
    metrics.put("messages", r.messagesSince());
    metrics.forEach(totals::row);
    boolean text = !format.json && !format.csv;
    Table servers =
        new Table(text ? "Enabled users per active server" : "servers", "server", "enabled_users");
    r.servers().forEach(s -> servers.row(s.name(), s.userCount()));
    Table tools =
        new Table(
            text ? "Tool calls" : "tool_calls", "server", "tool", "calls", "failures", "avg_ms");
    summary
        .tools()
        .forEach(t -> tools.row(t.server(), t.tool(), t.calls(), t.failures(), t.averageMs()));
    Table users =
        new Table(
            text ? "Per user" : "users",
            "user",
            "tool_calls",
            "failures",
            "turns",
            "input_tokens",
            "cached_input_tokens",
            "output_tokens");
    r.users()
        .forEach(
            u ->
                users.row(
                    u.slackUserId(),
                    u.toolCalls(),
                    u.toolFailures(),
                    u.turns(),
                    u.inputTokens(),
                    u.cachedInputTokens(),
                    u.outputTokens()));
    Table perServer =
        new Table(
            text ? "Tool calls per server" : "server_calls",
            "server",
            "users",
            "calls",
            "failures",
            "avg_ms");
    r.serverCalls()
        .forEach(
            c ->
                perServer.row(
                    c.serverName(),
                    c.users(),
                    c.calls(),
                    c.failures(),
                    c.calls() == 0 ? 0 : Math.round((double) c.totalDurationMs() / c.calls())));
    PrintWriter out = new PrintWriter(main.out(), true);
    if (format.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("period", Durations.format(since));
      doc.put("since", from.toString());
      doc.putAll(metrics);
      Table.printJson(out, List.of(servers, tools, users, perServer), doc);
    } else if (format.csv) {
      Table csv = new Table(null, "section", "server", "tool", "metric", "value");
      csv.row("period", "", "", "since", from.toString());
      metrics.forEach((k, v) -> csv.row("totals", "", "", k, v));
      r.servers().forEach(s -> csv.row("servers", s.name(), "", "enabled_users", s.userCount()));
      for (UsageSummary.ToolStats t : summary.tools()) {
        csv.row("tool_calls", t.server(), t.tool(), "calls", t.calls());
        csv.row("tool_calls", t.server(), t.tool(), "failures", t.failures());
        csv.row("tool_calls", t.server(), t.tool(), "avg_ms", t.averageMs());
      }
      csvRows(csv, "per_user", users);
      csvRows(csv, "per_server", perServer);
      csv.printCsv(out);
    } else {
      totals.printText(out);
      out.println();
      servers.printText(out);
      out.println();
      tools.printText(out);
      out.println();
      perServer.printText(out);
      out.println();
      users.printText(out);
    }
    return Main.OK;
  }

  // one row per (subject, metric): the subject (server or Slack user) in the server column
  private static void csvRows(Table csv, String section, Table from) {
    for (Map<String, Object> row : from.asMaps()) {
      Object subject = row.values().iterator().next();
      row.entrySet().stream()
          .skip(1)
          .forEach(e -> csv.row(section, subject, "", e.getKey(), e.getValue()));
    }
  }
}
