package io.mcpbot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A {@code mcpbot} subcommand: reaches the settings and streams through {@link Main}. */
abstract class Subcommand implements Callable<Integer> {
  @ParentCommand Main main;
}
