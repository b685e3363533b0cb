package io.mcpbot.cli;

import picocli.CommandLine.Option;

/** The {@code --json} switch of commands that print a table by default. */
final class JsonOutput {
  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;
}
