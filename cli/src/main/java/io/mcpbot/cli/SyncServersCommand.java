package io.mcpbot.cli;

import io.mcpbot.cli.output.Table;
import io.mcpbot.core.admin.ServerSync;
import io.mcpbot.core.admin.SyncResult;
import io.mcpbot.core.admin.SyncResult.Action;
import io.mcpbot.core.config.ServersConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mcpbot sync-servers}: servers_config.json -> mcp_servers. */
@Command(
    name = "sync-servers",
    mixinStandardHelpOptions = true,
    description = {
      "Sync the server catalog with servers_config.json.",
      "",
      "Validates the file, then adds new servers, updates changed ones, reactivates",
      "returning ones and deactivates removed ones (users' settings and credentials",
      "are kept). Prints what changed."
    })
final class SyncServersCommand extends Subcommand {
  @Option(names = "--dry-run", description = "Show what would change; write nothing.")
  boolean dryRun;

  @Option(
      names = "--config",
      paramLabel = "PATH",
      description =
          "The servers file (default: MCP_SERVERS_CONFIG, else servers_config.json in the"
              + " working directory).")
  Path config;

  @Mixin JsonOutput output;

  @Override
  public Integer call() {
    // Validate before touching the database: a broken file must not need a reachable database.
    ServersConfig servers =
        ServersConfig.load(config != null ? config : main.settings().serversConfigPath());
    for (String w : servers.warnings()) {
      main.err().println("warning: " + w);
    }
    SyncResult result =
        Context.withStore(
            main.settings(),
            Context.Migrate.unlessDryRun(dryRun),
            store -> ServerSync.sync(store, servers, dryRun));
    Table table = new Table("servers", "server", "action", "detail");
    result.changes().forEach(c -> table.row(c.server(), c.action().label(), c.detail()));
    PrintWriter out = new PrintWriter(main.out(), true);
    if (output.json) {
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("dry_run", dryRun);
      extra.put("summary", summary(result));
      extra.put("warnings", result.warnings());
      Table.printJson(out, List.of(table), extra);
    } else {
      table.printText(out);
      out.println();
      StringBuilder line = new StringBuilder();
      summary(result)
          .forEach((k, v) -> line.append(line.isEmpty() ? "" : ", ").append(v + " " + k));
      out.println(
          line
              + (dryRun
                  ? " (dry run: nothing written)"
                  : result.changedAnything() ? "" : " (already in sync)"));
    }
    return Main.OK;
  }

  private static Map<String, Long> summary(SyncResult r) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Action a : Action.values()) {
      m.put(a.label(), r.count(a));
    }
    return m;
  }
}
