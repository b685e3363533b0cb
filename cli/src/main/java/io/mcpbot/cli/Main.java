package io.mcpbot.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.mcpbot.core.McpbotException;
import io.mcpbot.core.admin.UnreadableCredentialsException;
import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code mcpbot} command line. To add a subcommand, add its class to {@code
 * subcommands} below; it reaches the settings and output streams through {@code @ParentCommand Main
 * main} and opens the database with {@link Context}. Exit codes: 0 ok, 1 failure, 2 usage.
 */
@Command(
    name = "mcpbot",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Multi-user MCP Slack bot: run it, chat as a user, and administer it.",
    subcommands = {
      RunCommand.class,
      ChatCommand.class,
      InitDbCommand.class,
      SyncServersCommand.class,
      ListUsageCommand.class,
      RotateKeyCommand.class,
      GenKeyCommand.class,
      PurgeConversationsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private final Settings settings;
  private final PrintStream out;
  private final PrintStream err;

  @Spec CommandSpec spec;

  private Main(Settings settings, PrintStream out, PrintStream err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = run(args, Settings.fromSystem(), System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs one command line with the given settings and streams and returns its exit code; never
   * calls System.exit, so tests and embedding code can call it.
   */
  public static int run(String[] args, Settings settings, PrintStream out, PrintStream err) {
    applyLogLevel(settings);
    Main main = new Main(settings, out, err);
    CommandLine cl = new CommandLine(main);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((e, line, parsed) -> main.fail(e));
    return cl.execute(args);
  }

  /** The configuration, read once at startup. */
  public Settings settings() {
    return settings;
  }

  /** Where results go (tables, JSON). */
  public PrintStream out() {
    return out;
  }

  /** Where progress, warnings and errors go. */
  public PrintStream err() {
    return err;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  /** Prints a failure, one problem per line, and returns {@link #FAILURE}. */
  int fail(Exception e) {
    List<String> lines =
        switch (e) {
          case ConfigException c -> c.problems();
          case UnreadableCredentialsException u -> u.lines();
          case McpbotException m -> String.valueOf(m.getMessage()).lines().toList();
          default -> List.of("unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        };
    for (String line : lines) {
      err.println(line.startsWith("  ") ? line : "error: " + line);
    }
    if (debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  private boolean debug() {
    try {
      return List.of("DEBUG", "TRACE").contains(settings.logLevel());
    } catch (ConfigException e) {
      return false;
    }
  }

  private static void applyLogLevel(Settings settings) {
    String level;
    try {
      level = settings.logLevel();
    } catch (ConfigException e) {
      return; // reported by the command's settings check
    }
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.toLevel(level, Level.INFO));
    }
    try {
      LogFormat.apply(settings.logFormat());
    } catch (ConfigException e) {
      // reported by the command's settings check
    }
  }

  /** Reads the version Maven wrote into version.properties. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"mcpbot " + p.getProperty("version", "(development build)")};
    }
  }
}
