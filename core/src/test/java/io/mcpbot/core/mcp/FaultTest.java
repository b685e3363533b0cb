package io.mcpbot.core.mcp;

import static io.mcpbot.core.mcp.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.config.StdioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every fault of the fixture ends in a clear error with no leaked process, thread or fd. */
class FaultTest {
  static final String U = "UFAULT1";
  @TempDir Path root;
  SessionPool pool;
  Source source = new Source();
  int threads0;
  int fds0;

  @BeforeAll
  static void warmUp(@TempDir Path tmp) {
    // load classes, reactor schedulers and JDK process machinery once so baselines are stable
    try (var p =
        new SessionPool(config(tmp), new Source().put(U, us(fixture("w", "normal"))), botEnvFn())) {
      Fixtures.call(p, U, "w__echo", Map.of("text", "warm"));
    }
  }

  @BeforeEach
  void baseline() {
    await().atMost(Duration.ofSeconds(10)).until(() -> descendants() == 0);
    threads0 = threads();
    fds0 = fds();
  }

  @AfterEach
  void noLeaks() {
    if (pool != null) {
      pool.close();
    }
    assertThat(descendants()).as("processes left").isZero();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fds() <= fds0 && threads() <= threads0 && sessionThreads() == 0);
  }

  private SessionPool pool(String mode, PoolConfig cfg) {
    source.put(
        U,
        us(
            fixtureWithToken("fx", mode, List.of(), Map.of()),
            Map.of("FIXTURE_TOKEN", "tok-SECRET-123")));
    pool = new SessionPool(cfg, source, botEnvFn());
    return pool;
  }

  @Test
  void crashAtStartIsAProblemWithMaskedStderrThenCircuitOpens() {
    pool("crash_at_start", config(root));
    ToolCatalog cat = pool.catalog(U);
    assertThat(cat.tools()).isEmpty();
    assertThat(cat.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.server()).isEqualTo("fx");
              assertThat(p.reason())
                  .contains("fx")
                  .contains("fatal: cannot start")
                  .contains("<masked>")
                  .doesNotContain("tok-SECRET-123");
            });
    ServerStatus.Failing f = (ServerStatus.Failing) pool.status(U, "fx");
    assertThat(f.lastStderr()).contains("token=<masked>").doesNotContain("SECRET");
    pool.catalog(U);
    pool.catalog(U); // third consecutive failure: threshold 3
    assertThat(pool.status(U, "fx")).isInstanceOf(ServerStatus.CircuitOpen.class);
    assertThat(pool.catalog(U).problems().getFirst().reason()).contains("switched off until");
  }

  @Test
  void aTokenInAHeaderDumpWrappedOrCutIsMaskedInTheReasonAndStatus() {
    pool("crash_leaking_token", config(root));
    String reason = pool.catalog(U).problems().getFirst().reason();
    String stderr = ((ServerStatus.Failing) pool.status(U, "fx")).lastStderr();
    for (String shown : List.of(reason, stderr)) {
      assertThat(shown)
          .contains(
              "Bearer <masked>", "wrapped: <masked> (end", "<masked> …[cut]", "token=<masked>")
          .doesNotContain("SEC", "RET-", "tok-", "-123");
    }
  }

  @Test
  void backoffDelaysTheRestartUntilTheClockPasses() {
    var clock = new MutableClock();
    pool(
        "crash_at_start",
        config(root).toBuilder()
            .idle(Duration.ofMinutes(10), clock)
            .failurePolicy(
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                5,
                Duration.ofMinutes(5),
                Duration.ofMillis(500))
            .build());
    pool.catalog(U);
    assertThat(pool.catalog(U).problems().getFirst().reason()).contains("will be retried after");
    clock.advance(Duration.ofSeconds(11));
    assertThat(pool.catalog(U).problems().getFirst().reason()).contains("fatal: cannot start");
    assertThat(((ServerStatus.Failing) pool.status(U, "fx")).consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void crashMidCallIsAnErrorAndTheNextUseRestarts() {
    pool("crash_mid_call", config(root));
    pool.catalog(U);
    ToolOutcome r = Fixtures.call(pool, U, "fx__echo", Map.of("text", "x"));
    assertThat(r.isError()).isTrue();
    assertThat(r.asText()).contains("fx").contains("restarted on next use");
    assertThat(Fixtures.call(pool, U, "fx__add", Map.of("a", 1, "b", 1)).asText()).isEqualTo("2.0");
  }

  @Test
  void hangTimesOutInitialize() {
    pool(
        "hang",
        config(root).toBuilder()
            .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2))
            .build());
    ServerProblem p = pool.catalog(U).problems().getFirst();
    assertThat(p.reason())
        .contains("did not answer initialize within 2 s")
        .contains("hanging forever");
  }

  @Test
  void slowCallTimesOutAndTheSessionIsReplaced() {
    pool(
        "normal",
        config(root).toBuilder()
            .timeouts(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(1))
            .build());
    pool.catalog(U);
    long pid = ((ServerStatus.Running) pool.status(U, "fx")).pid();
    ToolOutcome r = Fixtures.call(pool, U, "fx__slow", Map.of("ms", 30_000));
    assertThat(r.isError()).isTrue();
    assertThat(r.asText()).contains("did not answer tools/call slow within 1 s");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Fixtures.call(pool, U, "fx__echo", Map.of("text", "back")).asText())
        .isEqualTo("back");
  }

  @Test
  void garbageOnStdoutIsSkipped() {
    pool("garbage_stdout", config(root));
    assertThat(pool.catalog(U).problems()).isEmpty();
    assertThat(Fixtures.call(pool, U, "fx__echo", Map.of("text", "ok")).asText()).isEqualTo("ok");
    assertThat(Fixtures.call(pool, U, "fx__echo", Map.of("text", "ok2")).asText()).isEqualTo("ok2");
  }

  @Test
  void hugeLineIsRejectedAtTheCapWithoutReadingTheRest() throws Exception {
    int cap = 2 << 20;
    pool("huge_line", config(root).toBuilder().maxLineBytes(cap).build());
    ServerProblem p = pool.catalog(U).problems().getFirst();
    assertThat(p.reason()).contains("stdout line longer than " + cap + " bytes");
    // The server writes a 50 MiB line in 1 MiB chunks and counts each one the pipe took. Had
    // the client buffered the line, every chunk would have gone through; rejecting at the cap
    // stops the reading, so the server blocks a pipe's and a read buffer's worth past it
    Path progress = root.resolve(U).resolve("huge_line.progress");
    int written = Integer.parseInt(Files.readString(progress).strip());
    assertThat(written).isLessThanOrEqualTo(cap / (1 << 20) + 2);
  }

  @Test
  void endlessStderrIsBoundedAndMasked() {
    pool(
        "endless_stderr",
        config(root).toBuilder()
            .timeouts(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(1))
            .build());
    assertThat(Fixtures.call(pool, U, "fx__echo", Map.of("text", "fine")).asText())
        .isEqualTo("fine");
    ToolOutcome timedOut = Fixtures.call(pool, U, "fx__slow", Map.of("ms", 30_000));
    assertThat(timedOut.asText())
        .contains("last stderr: noise line", "token=<masked>")
        .doesNotContain("SECRET");
    ServerStatus.Failing f = (ServerStatus.Failing) pool.status(U, "fx");
    assertThat(f.lastStderr()).startsWith("…[earlier lines dropped]").doesNotContain("SECRET");
    // bounded: what is kept is an unbroken tail, and far more was dropped before it than kept
    List<Long> kept = noiseLineNumbers(f.lastStderr());
    assertThat(kept).isNotEmpty();
    assertThat(kept.getLast() - kept.getFirst() + 1).isEqualTo(kept.size());
    assertThat(kept.getFirst()).isGreaterThan(kept.size());
    // the message quotes only the last few of the kept lines
    assertThat(noiseLineNumbers(timedOut.asText())).hasSizeLessThan(kept.size());
    pool.invalidate(U, "fx"); // close while stderr is still streaming
    assertThat(pool.status(U, "fx")).isInstanceOf(ServerStatus.NotStarted.class);
  }

  @Test
  void ignoringSigtermGetsSigkilledAfterGrace() {
    pool("ignore_sigterm", config(root));
    pool.catalog(U);
    long pid = ((ServerStatus.Running) pool.status(U, "fx")).pid();
    long t0 = System.nanoTime();
    pool.invalidate(U, "fx");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void grandchildIsKilledWithItsParent() {
    pool("spawn_grandchild", config(root));
    pool.catalog(U);
    long pid = ((ServerStatus.Running) pool.status(U, "fx")).pid();
    List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();
    assertThat(tree).isNotEmpty();
    pool.close();
    // the sandbox's PID namespace init may linger a moment as a zombie until the host reaps it
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              for (ProcessHandle h : tree) {
                assertThat(h.isAlive()).as("descendant " + h.pid()).isFalse();
              }
            });
  }

  @Test
  void closeEndsAStartInProgress() {
    // a server still starting when the pool closes (a prewarm after a credential save racing the
    // bot's stop): its process must not outlive the close, here for the 20 s init timeout
    pool("hang", config(root));
    var warming = pool.prewarm(U, "fx");
    await().atMost(Duration.ofSeconds(10)).until(() -> descendants() > 0);
    pool.close();
    // the sandbox's PID namespace init may linger a moment as a zombie until the host reaps it
    await().atMost(Duration.ofSeconds(3)).until(() -> descendants() == 0);
    assertThat(warming).isDone();
    assertThat(warming.join()).isNotInstanceOf(ServerStatus.Running.class);
  }

  @Test
  void callAfterCloseNeverSpawns() {
    pool("normal", config(root));
    pool.catalog(U);
    pool.close();
    ToolOutcome r = Fixtures.call(pool, U, "fx__echo", Map.of("text", "x"));
    assertThat(r.isError()).isTrue();
    assertThat(r.asText()).contains("shut down");
    assertThat(descendants()).isZero();
  }

  @Test
  void listChangedRightBeforeCloseNeverSpawns() {
    pool("normal", config(root));
    pool.catalog(U);
    Fixtures.call(pool, U, "fx__change_tools", Map.of());
    pool.invalidate(U, "fx");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> descendants() == 0);
    assertThat(Optional.of(pool.stats().liveSessions())).contains(0);
  }

  @Test
  void hangingToolsListTimesOutWithTheListTimeout() {
    source.put(U, us(tinyNode("fx", "--hang-list")));
    pool =
        new SessionPool(
            config(root).toBuilder()
                .timeouts(Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(20))
                .build(),
            source,
            botEnvFn());
    assertThat(pool.catalog(U).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("did not answer tools/list within 1 s"));
    assertThat(pool.status(U, "fx")).isInstanceOf(ServerStatus.Failing.class);
  }

  @Test
  void perServerTimeoutsOverrideThePoolDefaults() {
    pool = new SessionPool(config(root), source, botEnvFn()); // defaults: init 20 s, call 20 s
    source.put(
        U,
        us(withTimeouts(fixture("hung", "hang"), Duration.ofSeconds(1), null)),
        us(withTimeouts(fixture("quick", "normal"), null, Duration.ofSeconds(1))));
    ToolCatalog cat = pool.catalog(U);
    assertThat(cat.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("did not answer initialize within 1 s"));
    ToolOutcome r = Fixtures.call(pool, U, "quick__slow", Map.of("ms", 30_000));
    assertThat(r.isError()).isTrue();
    assertThat(r.asText()).contains("did not answer tools/call slow within 1 s");
    assertThat(Fixtures.call(pool, U, "quick__echo", Map.of("text", "back")).asText())
        .isEqualTo("back");
  }

  private static StdioServer withTimeouts(StdioServer d, Duration init, Duration call) {
    return d.withOptions(d.options().withTimeouts(init, call));
  }

  private static List<Long> noiseLineNumbers(String text) {
    return java.util.regex.Pattern.compile("noise line (\\d+) ")
        .matcher(text)
        .results()
        .map(m -> Long.parseLong(m.group(1)))
        .toList();
  }
}
