package io.mcpbot.core.mcp;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.fixture.FixtureServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Shared helpers for the MCP tests: fixture definitions, a fake bot env, a settable clock. */
public final class Fixtures {
  private Fixtures() {}

  public static final String JAVA = ProcessHandle.current().info().command().orElseThrow();

  /**
   * The bot's environment as the pool sees it: allowlisted basics plus secrets it must not leak.
   */
  public static Map<String, String> botEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getProperty("user.home"));
    env.put("LANG", "C.UTF-8");
    env.put("ENCRYPTION_KEY", "bot-encryption-key-SECRET");
    env.put("SLACK_BOT_TOKEN", "xoxb-bot-token-SECRET");
    env.put("OPENAI_API_KEY", "sk-openai-SECRET");
    env.put("DATABASE_URL", "postgres://user:pw-SECRET@db/mcpbot");
    env.put("SHARED_REGION", "eu-west-1");
    return env;
  }

  public static Function<String, String> botEnvFn() {
    return botEnv()::get;
  }

  public static List<String> fixtureArgs(String mode) {
    return List.of(
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Xss512k",
        "-XX:-UsePerfData",
        "-cp",
        System.getProperty("java.class.path"),
        FixtureServer.class.getName(),
        "--mode",
        mode);
  }

  public static StdioServer fixture(String name, String mode) {
    return StdioServer.of(name, JAVA, fixtureArgs(mode));
  }

  /** The FIXTURE_TOKEN credential "fixture_token": tok_ and 20 lower-case letters. */
  public static CredentialSpec fixtureToken() {
    return new CredentialSpec(
        "api_key",
        "fixture_token",
        "Fixture API token",
        "FIXTURE_TOKEN",
        true,
        java.util.regex.Pattern.compile("tok_[a-z]{20}"));
  }

  /** A normal fixture whose FIXTURE_TOKEN is the user's {@link #fixtureToken()} credential. */
  public static StdioServer tokenServer(String name, String description) {
    return new StdioServer(
        name,
        JAVA,
        fixtureArgs("normal"),
        Map.of("FIXTURE_TOKEN", "${FIXTURE_TOKEN}"),
        ServerOptions.NONE.withDescription(description).withCredentials(List.of(fixtureToken())));
  }

  /** A fixture that needs a FIXTURE_TOKEN credential and passes extra args/env. */
  public static StdioServer fixtureWithToken(
      String name, String mode, List<String> extraArgs, Map<String, String> env) {
    List<String> args = new ArrayList<>(fixtureArgs(mode));
    args.addAll(extraArgs);
    return new StdioServer(
        name,
        JAVA,
        args,
        env,
        ServerOptions.NONE
            .withDescription("fixture")
            .withCredentials(
                List.of(
                    new CredentialSpec(
                        "api_key", "Fixture token", "", "FIXTURE_TOKEN", true, null))));
  }

  /** A tiny shell-free node MCP server (test resource) for fast start/stop cycles. */
  public static StdioServer tinyNode(String name, String... options) {
    List<String> args = new ArrayList<>(List.of(resource("tiny-mcp-server.js").toString()));
    args.addAll(List.of(options));
    return StdioServer.of(name, "node", args);
  }

  public static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path projectRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("testing/package.json"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "testing/package.json not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  public static Path nodeModules() {
    Path nm = projectRoot().resolve("testing/node_modules");
    if (!Files.isDirectory(nm)) {
      throw new IllegalStateException("run `npm ci` in testing/ first (the CI script does)");
    }
    return nm;
  }

  /** A source backed by a mutable map, per user. */
  public static final class Source implements UserServerSource {
    final Map<String, List<UserServer>> byUser = new ConcurrentHashMap<>();

    public Source put(String user, UserServer... servers) {
      byUser.put(user, List.of(servers));
      return this;
    }

    @Override
    public List<UserServer> enabledServers(String userId) {
      return byUser.getOrDefault(userId, List.of());
    }
  }

  /**
   * A call by name as a model makes it: the user's catalog now, then the tool from it (the agent
   * does the same with the catalog of its turn). A name not listed answers the problem of its
   * server, if that server could not run, else an "unknown tool" error.
   */
  public static ToolOutcome call(
      SessionPool pool, String user, String name, Map<String, Object> arguments) {
    ToolCatalog catalog = pool.catalog(user);
    return catalog
        .find(name)
        .map(t -> pool.call(user, t, arguments))
        .orElseGet(
            () ->
                ToolOutcome.error(
                    catalog.problems().stream()
                        .filter(p -> name.startsWith(p.server() + "__"))
                        .map(ServerProblem::reason)
                        .findFirst()
                        .orElse("unknown tool '" + name + "': it is not in your tool list")));
  }

  public static UserServer us(ServerDefinition d) {
    return new UserServer(d, Map.of());
  }

  public static UserServer us(ServerDefinition d, Map<String, String> creds) {
    return new UserServer(d, creds);
  }

  public static PoolConfig config(Path root) {
    return PoolConfig.builder(root)
        .timeouts(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(20))
        .failurePolicy(
            Duration.ZERO, Duration.ZERO, 3, Duration.ofMinutes(5), Duration.ofMillis(500))
        .build();
  }

  /** A clock tests move by hand. */
  public static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    public void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  public static String threadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .sorted()
        .toList()
        .toString();
  }

  public static long descendants() {
    return ProcessHandle.current().descendants().count();
  }

  /** Host processes whose command line carries {@code token} (e.g. a probe's detached child). */
  public static List<ProcessHandle> processesCarrying(String token) {
    try (var procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> cmdline(p).contains(token))
          .map(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())))
          .flatMap(java.util.Optional::stream)
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cmdline(Path proc) {
    try {
      return Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * Server processes below the test JVM, not counting the sandbox's own two bubblewrap processes
   * (the launcher and the PID namespace's init) that wrap each sandboxed server.
   */
  public static long servers() {
    return ProcessHandle.current()
        .descendants()
        .filter(h -> !h.info().command().orElse("").endsWith("/bwrap"))
        .count();
  }

  public static int fds() {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return (int) s.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Live platform threads, minus JDK-shared pools that grow with load and shrink on their own
   * (process reaper: 60 s idle; virtual-thread carriers "ForkJoinPool-1-worker": 30 s idle),
   * Awaitility's poller and the one process-wide "mcp-spawner" (started on the first spawn, kept
   * for the JVM's life). Our own per-session threads ("mcp-...-out/err") are counted.
   */
  public static int threads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(
                n ->
                    !n.startsWith("process reaper")
                        && !n.equals("mcp-spawner")
                        && !n.startsWith("ForkJoinPool-1-worker")
                        && !n.startsWith("awaitility"))
            .count();
  }

  public static long sessionThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            t ->
                t.isAlive()
                    && t.getName().startsWith("mcp-")
                    && !t.getName().equals("mcp-pool-reaper")
                    && !t.getName().equals("mcp-spawner"))
        .count();
  }
}
