package io.mcpbot.cli;

import io.mcpbot.cli.output.Progress;
import io.mcpbot.cli.output.Table;
import io.mcpbot.core.admin.KeyRotation;
import io.mcpbot.core.admin.KeyRotation.Phase;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.crypto.KeyRing;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mcpbot rotate-key}: re-encrypt every stored credential and OAuth secret with a new key.
 */
@Command(
    name = "rotate-key",
    mixinStandardHelpOptions = true,
    description = {
      "Re-encrypt every stored credential and OAuth secret with a new key.",
      "",
      "Moves credentials from the current keys (ENCRYPTION_KEY / MASTER_PASSWORD)",
      "to a new key in batched transactions, safely while the bot runs. Checks first",
      "that every row opens (else exits 1 naming user and server, writing nothing);",
      "verifies at the end. Interrupted? Run it again with the same key: rows",
      "already done are skipped. The new key never comes from the command line",
      "(ps shows it): use --new-key-env, --new-key-file or --generate."
    })
final class RotateKeyCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  NewKeySource source;

  @Option(names = "--dry-run", description = "Pre-check and count only; write nothing.")
  boolean dryRun;

  @Option(
      names = "--json",
      description = "Print the counts and next steps as JSON (progress stays on stderr).")
  boolean json;

  @Option(
      names = "--batch-size",
      defaultValue = "500",
      description = "Rows per transaction (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--pause-ms",
      defaultValue = "0",
      description = "Pause between batches, to spare a busy database (default: ${DEFAULT-VALUE}).")
  long pauseMs;

  @Override
  public Integer call() {
    if (batchSize < 1 || batchSize > 100_000 || pauseMs < 0) {
      throw new ParameterException(
          spec.commandLine(), "--batch-size must be 1..100000 and --pause-ms >= 0");
    }
    try (Context ctx = Context.open(main.settings(), Context.Migrate.NO, Need.ENCRYPTION)) {
      KeyRing current = ctx.keyRing();
      KeyRing newKey = KeyRing.of("the new key", List.of(source.resolve(main.settings())));
      KeyRotation.Options options =
          new KeyRotation.Options(batchSize, dryRun, Duration.ofMillis(pauseMs));
      KeyRotation.Result r =
          new KeyRotation(ctx.store(), current, newKey, options, new Bars(main.err()))
              .run(source::save);
      List<String> next = dryRun ? List.of() : nextSteps(ctx);
      report(r, next);
      if (!dryRun && r.totals().notCurrent() > 0) {
        main.err()
            .println(
                "error: "
                    + r.totals().notCurrent()
                    + " stored secrets are still under an old key (written by the running bot"
                    + " during the rotation): run rotate-key again with "
                    + source.resumeOptions());
        return Main.FAILURE;
      }
      return Main.OK;
    }
  }

  private void report(KeyRotation.Result r, List<String> next) {
    Table t =
        new Table(
            dryRun ? "rotate-key (dry run: nothing written)" : "rotate-key",
            "stored secrets",
            "count");
    t.row("total", r.totals().total());
    r.bySecret().forEach(c -> t.row("  " + c.secret(), c.total()));
    t.row("already under the new key", r.totals().alreadyCurrent());
    if (dryRun) {
      t.row("to re-encrypt", r.totals().toRotate());
    } else {
      t.row("re-encrypted", r.totals().rotated());
      t.row("retried after a concurrent change", r.totals().retried());
      t.row("deleted during rotation", r.totals().vanished());
      t.row("not under the new key after verify", r.totals().notCurrent());
    }
    PrintWriter out = new PrintWriter(main.out(), true);
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("dry_run", dryRun);
      doc.put("complete", r.complete());
      doc.put("total", r.totals().total());
      doc.put("already_current", r.totals().alreadyCurrent());
      doc.put("to_rotate", r.totals().toRotate());
      doc.put("by_secret", bySecret(r));
      if (!dryRun) {
        doc.put("rotated", r.totals().rotated());
        doc.put("retried", r.totals().retried());
        doc.put("vanished", r.totals().vanished());
        doc.put("not_current", r.totals().notCurrent());
        doc.put("next_steps", r.totals().notCurrent() == 0 ? next : List.of());
      }
      Table.printJson(out, List.of(), doc);
      return;
    }
    t.printText(out);
    if (!dryRun && r.totals().notCurrent() == 0) {
      out.println();
      out.println("Every stored secret now opens with the new key. Next:");
      for (int i = 0; i < next.size(); i++) {
        out.println("  " + (i + 1) + ". " + next.get(i));
      }
    }
  }

  /** Each secret's counts under its label, keyed like the totals. */
  private Map<String, Object> bySecret(KeyRotation.Result r) {
    Map<String, Object> all = new LinkedHashMap<>();
    for (KeyRotation.Counts c : r.bySecret()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("total", c.total());
      one.put("already_current", c.alreadyCurrent());
      one.put("to_rotate", c.toRotate());
      if (!dryRun) {
        one.put("rotated", c.rotated());
        one.put("retried", c.retried());
        one.put("vanished", c.vanished());
        one.put("not_current", c.notCurrent());
      }
      all.put(c.secret(), one);
    }
    return all;
  }

  private List<String> nextSteps(Context ctx) {
    boolean password = ctx.settings().encryption().masterPassword().isPresent();
    return List.of(
        "Set ENCRYPTION_KEY to "
            + source.describe()
            + " FIRST, then your current key(s), comma-separated:"
            + " ENCRYPTION_KEY=<new>,<old...>"
            + (password ? " (keep MASTER_PASSWORD set for now)" : "")
            + ", and restart the bot.",
        "Run `mcpbot rotate-key "
            + source.resumeOptions()
            + "` once more: it re-encrypts only values the bot wrote with the old key before"
            + " its restart.",
        "Remove the old key(s) from ENCRYPTION_KEY"
            + (password ? " and unset MASTER_PASSWORD" : "")
            + ", then restart the bot again."
            + (source.generate != null
                ? " Keep " + source.generate + " safe (mode 0600) or delete it once stored."
                : ""));
  }

  /** One progress bar per pass, on stderr. */
  private static final class Bars implements KeyRotation.Listener {
    private static final Map<Phase, String> LABELS =
        new EnumMap<>(
            Map.of(
                Phase.PRECHECK, "pre-check", Phase.ROTATE, "rotating", Phase.VERIFY, "verifying"));
    private final PrintStream err;
    private Progress bar;

    Bars(PrintStream err) {
      this.err = err;
    }

    @Override
    public void phaseStarted(Phase phase, long rows) {
      bar = new Progress(err, LABELS.get(phase), rows, Progress.terminal());
    }

    @Override
    public void rowsDone(Phase phase, long rows) {
      bar.advance(rows);
    }

    @Override
    public void phaseFinished(Phase phase) {
      bar.close();
    }
  }
}
