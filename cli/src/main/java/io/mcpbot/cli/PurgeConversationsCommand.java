package io.mcpbot.cli;

import io.mcpbot.cli.output.Table;
import io.mcpbot.core.admin.ConversationPurge;
import io.mcpbot.core.admin.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mcpbot purge-conversations}: the guide's "clean old conversations". */
@Command(
    name = "purge-conversations",
    mixinStandardHelpOptions = true,
    description = {
      "Delete conversations idle for longer than a period.",
      "",
      "Deletes conversations (and, by cascade, their messages) whose last message",
      "is older than --older-than: the guide's maintenance query as a command."
    })
final class PurgeConversationsCommand extends Subcommand {
  @Option(
      names = "--older-than",
      required = true,
      paramLabel = "PERIOD",
      converter = PeriodConverter.class,
      description = "Idle for longer than this: 30d, 12h, 2w.")
  Duration olderThan;

  @Option(names = "--dry-run", description = "Count only; delete nothing.")
  boolean dryRun;

  @Mixin JsonOutput output;

  @Override
  public Integer call() {
    ConversationPurge.Result r =
        Context.withStore(
            main.settings(),
            Context.Migrate.unlessDryRun(dryRun),
            store -> ConversationPurge.run(store, olderThan, Instant.now(), dryRun));
    if (output.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("older_than", Durations.format(olderThan));
      doc.put("cutoff", r.cutoff().toString());
      doc.put("dry_run", dryRun);
      doc.put("conversations", r.conversations());
      doc.put("messages", r.messages());
      Table.printJson(new PrintWriter(main.out(), true), List.of(), doc);
    } else {
      main.out()
          .println(
              (dryRun ? "Would delete " : "Deleted ")
                  + r.conversations()
                  + " conversations ("
                  + r.messages()
                  + " messages) idle since before "
                  + r.cutoff()
                  + (dryRun ? " (dry run: nothing deleted)" : ""));
    }
    return Main.OK;
  }
}
