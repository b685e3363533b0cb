package io.mcpbot.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcpbot run}: the Slack bot, until SIGTERM or Ctrl-C. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Slack bot (Socket Mode) until stopped.",
      "",
      "Checks the configuration (every problem at once), migrates the database, syncs the",
      "servers from servers_config.json (restart to pick up new servers), connects to Slack and",
      "logs one ready line. On SIGTERM it stops taking events, lets answers in progress finish",
      "within the grace period, ends every MCP server process and closes the database."
    })
final class RunCommand extends Subcommand {
  @Option(
      names = "--shutdown-grace",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "How long to let answers in progress finish on shutdown (default: 30).")
  int shutdownGraceSeconds;

  @Override
  public Integer call() throws InterruptedException {
    RunningBot bot =
        RunningBot.start(main.settings(), Duration.ofSeconds(Math.max(1, shutdownGraceSeconds)));
    Thread hook = Thread.ofPlatform().name("mcpbot-shutdown").unstarted(bot::stop);
    Runtime.getRuntime().addShutdownHook(hook);
    bot.awaitStopped();
    return Main.OK;
  }
}
