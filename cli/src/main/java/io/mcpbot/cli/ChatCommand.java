package io.mcpbot.cli;

import io.mcpbot.cli.http.OAuthSite;
import io.mcpbot.cli.http.TerminalConnect;
import io.mcpbot.core.McpbotException;
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.agent.TurnListener;
import io.mcpbot.core.config.ConfigException;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.HttpSettings;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.config.SlackSettings;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.users.EnableOutcome;
import io.mcpbot.core.users.SaveOutcome;
import io.mcpbot.core.users.ServerOverview;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mcpbot chat --user U0123ABC}: a terminal conversation as that Slack user, running the
 * exact turn the bot runs, on the same database, servers and model. Answers go to stdout, progress
 * lines to stderr. Not thread-safe (one conversation per command).
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Chat in the terminal as a Slack user, with the bot's database, servers and model.",
      "Commands: /servers, /enable NAME, /disable NAME, /credentials NAME, /help, /exit."
    })
public final class ChatCommand implements Callable<Integer> {
  @Option(names = "--user", required = true, description = "Slack user ID to act as, e.g. U0123ABC")
  String user;

  @Option(
      names = "--channel",
      defaultValue = "terminal",
      description = "channel ID of the conversation (default: ${DEFAULT-VALUE})")
  String channel;

  @Option(
      names = "--thread",
      description = "thread to continue (default: a new thread for this session)")
  String thread;

  // set by picocli when registered under `mcpbot`; then its settings and streams are used
  @ParentCommand Main main;

  /** How long {@code chat} waits for the browser to finish connecting an account. */
  static final Duration CONNECT_WAIT = Duration.ofMinutes(5);

  private final Supplier<Settings> settings;
  private HttpSettings chosenHttp;
  private final InputStream in;
  private PrintStream out;
  private PrintStream err;
  private final Supplier<Console> console;

  /** The command as the CLI registers it: real environment, stdin, stdout and stderr. */
  public ChatCommand() {
    this(Settings::fromSystem, System.in, System.out, System.err, System::console);
  }

  ChatCommand(
      Supplier<Settings> settings,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Supplier<Console> console) {
    this.settings = settings;
    this.in = in;
    this.out = out;
    this.err = err;
    this.console = console;
  }

  @Override
  public Integer call() {
    if (main != null) {
      out = main.out();
      err = main.err();
    }
    // checked before anything is opened: a bad ID would otherwise create a user row and fail
    // every turn
    if (!SlackSettings.USER_ID.matcher(user).matches()) {
      err.println(
          "error: --user '"
              + user.replaceAll("[^ -~]", "?")
              + "' is not a Slack user ID: use the member ID from the user's Slack profile (⋮ >"
              + " Copy member ID), e.g. U0123ABC");
      return Main.USAGE;
    }
    Settings chosen = main != null ? main.settings() : settings.get();
    Services services;
    try {
      services = Services.start(chosen);
    } catch (ConfigException e) {
      e.problems().forEach(p -> err.println("error: " + p));
      return Main.FAILURE;
    } catch (McpbotException e) {
      err.println("error: " + e.getMessage());
      return Main.FAILURE;
    }
    chosenHttp = chosen.http();
    try (services) {
      return loop(services);
    }
  }

  private int loop(Services services) {
    String threadTs = thread != null ? thread : "chat-" + System.currentTimeMillis() / 1000;
    services.userServers().ensureUser(user, null);
    if (!holdsUser(services)) {
      return Main.FAILURE;
    }
    err.println(
        "Chatting as "
            + user
            + " in channel "
            + channel
            + ", thread "
            + threadTs
            + " (resume with --thread "
            + threadTs
            + "). Type /help for commands, /exit or Ctrl-D to leave.");
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    ProgressLines lines = new ProgressLines(err);
    TerminalPrompt terminal = new TerminalPrompt(reader, err);
    TerminalStream progress =
        new TerminalStream(out, lines)
            .approveVia(new TerminalApproval(terminal))
            .askWith(new TerminalQuestions(terminal));
    try (TerminalConnect connect =
        new TerminalConnect(
            chosenHttp,
            new OAuthSite(
                services.oauth(),
                services::remoteServer,
                services.startLinks(),
                services.clientMetadata()),
            CONNECT_WAIT)) {
      return conversation(services, reader, progress, lines, connect, threadTs);
    }
  }

  private int conversation(
      Services services,
      BufferedReader reader,
      TerminalStream progress,
      ProgressLines lines,
      TerminalConnect connect,
      String threadTs) {
    while (true) {
      err.print("> ");
      err.flush();
      String line = readLine(reader);
      if (line == null || line.strip().equals("/exit")) {
        return 0;
      }
      String text = line.strip();
      if (text.isEmpty()) {
        continue;
      }
      try {
        if (text.startsWith("/")) {
          command(services, reader, text);
        } else if (holdsUser(services)) {
          TurnInput input = new TurnInput(user, channel, threadTs, text);
          progress.begin();
          progress.end(services.agent().run(input, progress).answer());
          if (connectNeeded(services, lines, connect)) {
            progress.begin();
            progress.end(services.agent().run(input, progress).answer());
          }
        }
      } catch (McpbotException e) {
        progress.broken();
        err.println("error: " + e.getMessage());
      }
    }
  }

  /**
   * Takes (or keeps) the user's lease, as a bot replica does before it runs a turn: a user's MCP
   * servers run in one place at a time, so chat refuses while a running bot holds the user. While
   * chat holds the lease, that user's Slack messages wait in the queue and are answered by a bot
   * replica once chat ends (it releases the lease on exit).
   */
  private boolean holdsUser(Services services) {
    if (services.handoff().runsHere(user)) {
      return true;
    }
    err.println(
        "error: "
            + user
            + "'s MCP servers are running in a bot replica right now (it holds the user's lease);"
            + " chatting here would start a second copy of them. Talk to the bot in Slack, or chat"
            + " once that replica has stopped (a clean stop releases its users at once; a killed one"
            + " loses them after LEASE_TTL).");
    return false;
  }

  // A server the turn could not use until the user connects it: link, wait, then the turn again.
  private boolean connectNeeded(
      Services services, ProgressLines progress, TerminalConnect connect) {
    List<String> needed = progress.takeNeeded();
    boolean any = false;
    for (String server : needed) {
      if (services.oauth() == null) {
        return false;
      }
      try {
        if (connect.connect(user, server, err)) {
          // a session that failed for want of a grant is retried at once, not after its backoff
          services.pool().invalidate(user, server);
          any = true;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return any;
  }

  private void command(Services services, BufferedReader reader, String text) {
    String[] parts = text.split("\\s+", 2);
    String arg = parts.length > 1 ? parts[1].strip() : "";
    switch (parts[0]) {
      case "/servers" -> servers(services.userServers().overview(user));
      case "/enable" -> {
        if (requireName(arg)) {
          switch (services.userServers().enable(user, arg)) {
            case EnableOutcome.Enabled e -> out.println(arg + " enabled.");
            case EnableOutcome.NeedsCredentials n ->
                out.println(
                    arg
                        + " needs credentials first: "
                        + String.join(", ", n.missing().stream().map(CredentialSpec::name).toList())
                        + ". Enter them with /credentials "
                        + arg);
          }
        }
      }
      case "/disable" -> {
        if (requireName(arg)) {
          services.userServers().disable(user, arg);
          out.println(arg + " disabled.");
        }
      }
      case "/credentials" -> {
        if (requireName(arg)) {
          credentials(services, reader, arg);
        }
      }
      case "/help" ->
          out.println(
              "/servers  list servers and their status\n"
                  + "/enable NAME  /disable NAME  turn a server on or off for you\n"
                  + "/credentials NAME  enter your credentials for a server (not echoed)\n"
                  + "/exit  leave (or Ctrl-D)");
      default -> out.println("unknown command " + parts[0] + "; type /help");
    }
    out.flush();
  }

  private boolean requireName(String arg) {
    if (arg.isEmpty()) {
      out.println("give a server name; /servers lists them");
    }
    return !arg.isEmpty();
  }

  private void servers(List<ServerOverview> servers) {
    if (servers.isEmpty()) {
      out.println("No servers are configured: add them to servers_config.json.");
    }
    for (ServerOverview s : servers) {
      String missing =
          s.missingCredentials().isEmpty()
              ? ""
              : "  needs: "
                  + String.join(
                      ", ", s.missingCredentials().stream().map(CredentialSpec::name).toList());
      out.println(
          String.format(
              "%-16s %-9s %-28s %s%s",
              s.name(),
              s.enabled() ? "enabled" : "disabled",
              status(s.status()),
              s.definition().description(),
              missing));
    }
  }

  static String status(ServerStatus status) {
    return switch (status) {
      case ServerStatus.NotStarted n -> "not started";
      case ServerStatus.Running r -> "running (" + r.toolCount() + " tools)";
      case ServerStatus.Failing f -> "failing: " + f.reason();
      case ServerStatus.CircuitOpen c -> "stopped until " + c.until() + ": " + c.reason();
    };
  }

  private void credentials(Services services, BufferedReader reader, String server) {
    List<CredentialSpec> specs = services.userServers().credentialSpecs(server);
    if (specs.isEmpty()) {
      out.println(server + " needs no credentials (or does not exist; /servers lists them).");
      return;
    }
    Map<String, String> values = new LinkedHashMap<>();
    Console c = console.get();
    for (CredentialSpec spec : specs) {
      String prompt =
          spec.description()
              + " ("
              + spec.name()
              + (spec.required() ? "" : ", optional")
              + ", blank keeps the stored value): ";
      String value;
      if (c != null) {
        char[] chars = c.readPassword("%s", prompt);
        value = chars == null ? null : new String(chars);
      } else {
        err.print(prompt);
        err.flush();
        value = readLine(reader);
      }
      if (value == null) {
        out.println("cancelled");
        return;
      }
      values.put(spec.name(), value);
    }
    switch (services.userServers().saveCredentials(user, server, values)) {
      case SaveOutcome.Saved s -> out.println("Saved; " + server + " is enabled.");
      case SaveOutcome.Invalid i ->
          i.errors().forEach((name, problem) -> out.println(name + ": " + problem));
    }
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Progress lines on stderr: "… calling memory.create_entities", "✓ done in 120 ms". */
  static final class ProgressLines implements TurnListener {
    private final PrintStream err;
    private final Set<String> needed = new LinkedHashSet<>();

    @Override
    public synchronized void authorizationNeeded(String server, String message) {
      if (needed.add(server)) {
        err.println("✗ " + message);
      }
    }

    /** The servers the last turn needed connected, cleared. */
    synchronized List<String> takeNeeded() {
      List<String> out = List.copyOf(needed);
      needed.clear();
      return out;
    }

    ProgressLines(PrintStream err) {
      this.err = err;
    }

    @Override
    public void thinking() {
      err.println("… thinking");
    }

    @Override
    public void toolStarted(String server, String tool) {
      err.println("… calling " + server + "." + tool);
    }

    @Override
    public void toolFinished(String server, String tool, boolean ok, Duration took) {
      err.println(
          (ok ? "✓ " : "✗ ")
              + server
              + "."
              + tool
              + (ok ? " done in " : " failed after ")
              + took.toMillis()
              + " ms");
    }
  }
}
