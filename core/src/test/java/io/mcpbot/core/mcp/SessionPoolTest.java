package io.mcpbot.core.mcp;

import static io.mcpbot.core.mcp.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionPoolTest {
  static final String ALICE = "UALICE1";
  static final String ROUTE = "UROUTE1";
  @TempDir Path root;
  SessionPool pool;

  @AfterEach
  void tearDown() {
    if (pool != null) {
      pool.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> descendants() == 0);
  }

  @Test
  void catalogCallsAndResultMapping() throws Exception {
    var source = new Source().put(ALICE, us(fixture("fx", "normal")));
    pool = new SessionPool(config(root), source, botEnvFn());

    ToolCatalog cat = pool.catalog(ALICE);
    assertThat(cat.problems()).isEmpty();
    assertThat(cat.tools())
        .extracting(McpTool::qualifiedName)
        .contains("fx__echo", "fx__add", "fx__env_dump", "fx__image", "fx__error_result");
    assertThat(cat.find("fx__echo").orElseThrow().inputSchema().get("type").asText())
        .isEqualTo("object");

    ToolOutcome echo = Fixtures.call(pool, ALICE, "fx__echo", Map.of("text", "hello"));
    assertThat(echo.isError()).isFalse();
    assertThat(echo.asText()).isEqualTo("hello");

    ToolOutcome add = Fixtures.call(pool, ALICE, "fx__add", Map.of("a", 2, "b", 3));
    assertThat(add.structuredContent().get("sum").asDouble()).isEqualTo(5.0);

    ToolOutcome image = Fixtures.call(pool, ALICE, "fx__image", Map.of());
    assertThat(image.content()).hasSize(2);
    assertThat(image.content().get(0))
        .isEqualTo(new ToolContent.Image("image/png", "iVBORw0KGgo="));
    assertThat(image.content().get(1))
        .isEqualTo(new ToolContent.Resource("file:///note.txt", "text/plain", "a note", null));

    ToolOutcome err = Fixtures.call(pool, ALICE, "fx__error_result", Map.of());
    assertThat(err.isError()).isTrue();
    assertThat(err.asText()).contains("it failed");

    ToolOutcome unknown = Fixtures.call(pool, ALICE, "fx__nope", Map.of());
    assertThat(unknown.isError()).isTrue();
    assertThat(unknown.asText()).contains("unknown tool 'fx__nope'");

    Path dir = root.resolve(ALICE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(pool.status(ALICE, "fx")).isInstanceOf(ServerStatus.Running.class);
    assertThat(pool.stats().liveSessions()).isEqualTo(1);
    assertThat(pool.stats().perUser()).containsEntry(ALICE, 1);
  }

  @Test
  void listChangedRefreshesTheCatalogWithoutSpawning() {
    var source = new Source().put(ALICE, us(fixture("fx", "normal")));
    pool = new SessionPool(config(root), source, botEnvFn());
    pool.catalog(ALICE);
    long pid = ((ServerStatus.Running) pool.status(ALICE, "fx")).pid();
    assertThat(Fixtures.call(pool, ALICE, "fx__change_tools", Map.of()).asText())
        .isEqualTo("changed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> pool.catalog(ALICE).find("fx__added_later").isPresent());
    assertThat(Fixtures.call(pool, ALICE, "fx__added_later", Map.of()).asText()).isEqualTo("new");
    assertThat(((ServerStatus.Running) pool.status(ALICE, "fx")).pid()).isEqualTo(pid);
    assertThat(Fixtures.servers()).isEqualTo(1);
  }

  @Test
  void invalidateClosesAndNextUseStartsFresh() {
    var source = new Source().put(ALICE, us(fixture("fx", "normal")));
    pool = new SessionPool(config(root), source, botEnvFn());
    pool.catalog(ALICE);
    long pid1 = ((ServerStatus.Running) pool.status(ALICE, "fx")).pid();
    pool.invalidate(ALICE, "fx");
    assertThat(pool.status(ALICE, "fx")).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(ProcessHandle.of(pid1).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Fixtures.call(pool, ALICE, "fx__echo", Map.of("text", "again")).asText())
        .isEqualTo("again");
    assertThat(((ServerStatus.Running) pool.status(ALICE, "fx")).pid()).isNotEqualTo(pid1);
  }

  @Test
  void idleSessionsAreEvictedByTheInjectedClock() {
    var clock = new MutableClock();
    var source = new Source().put(ALICE, us(fixture("fx", "normal")));
    pool =
        new SessionPool(
            config(root).toBuilder().idle(Duration.ofMinutes(10), clock).build(),
            source,
            botEnvFn());
    pool.catalog(ALICE);
    clock.advance(Duration.ofMinutes(9));
    pool.evictIdle();
    assertThat(pool.stats().liveSessions()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    pool.evictIdle();
    assertThat(pool.stats().liveSessions()).isZero();
    assertThat(descendants()).isZero();
  }

  @Test
  void prewarmStartsInTheBackground() throws Exception {
    var source = new Source().put(ALICE, us(fixture("fx", "normal")));
    pool = new SessionPool(config(root), source, botEnvFn());
    ServerStatus s = pool.prewarm(ALICE, "fx").get();
    assertThat(s).isInstanceOf(ServerStatus.Running.class);
    assertThat(((ServerStatus.Running) s).toolCount()).isGreaterThanOrEqualTo(7);
  }

  @Test
  void unavailableServerReportsItsReasonWithoutStartingEvictingOrCountingAFailure() {
    String bob = "UBOB2";
    var def = fixtureWithToken("fx", "normal", java.util.List.of(), Map.of());
    String reason = "your credential 'Fixture token' for 'fx' cannot be decrypted; enter it again";
    var source =
        new Source()
            .put(ALICE, us(def, Map.of("FIXTURE_TOKEN", "t")))
            .put(bob, UserServer.unavailable(def, reason));
    // cap 1: were the unavailable server to take a permit, Alice's idle session would be evicted
    pool =
        new SessionPool(
            config(root).toBuilder().caps(1, 1, Duration.ofMillis(200)).build(),
            source,
            botEnvFn());
    assertThat(pool.catalog(ALICE).problems()).isEmpty();
    long alicePid = ((ServerStatus.Running) pool.status(ALICE, "fx")).pid();
    for (int i = 0; i < 5; i++) { // more than the circuit threshold (3)
      assertThat(pool.catalog(bob).problems())
          .singleElement()
          .isEqualTo(new ServerProblem("fx", reason));
    }
    ToolOutcome r = Fixtures.call(pool, bob, "fx__echo", Map.of("text", "x"));
    assertThat(r.isError()).isTrue();
    assertThat(r.asText()).isEqualTo(reason);
    assertThat(pool.status(bob, "fx")).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(pool.stats().perUser()).containsOnlyKeys(ALICE);
    assertThat(((ServerStatus.Running) pool.status(ALICE, "fx")).pid()).isEqualTo(alicePid);
    assertThat(Fixtures.servers()).isEqualTo(1);
    // a missing credential is refused the same way
    source.put(bob, us(def));
    assertThat(pool.catalog(bob).problems().getFirst().reason()).contains("FIXTURE_TOKEN");
    assertThat(pool.status(bob, "fx")).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(((ServerStatus.Running) pool.status(ALICE, "fx")).pid()).isEqualTo(alicePid);
  }

  @Test
  void aUsersServersStartInParallel() throws java.io.IOException {
    // each server answers initialize only once all three have spawned: a sequential start would
    // leave the first one hanging into its initialize timeout. The barrier is in the user's own
    // directory, the one place all three sandboxes share.
    Path barrier = java.nio.file.Files.createDirectories(root.resolve(ALICE).resolve("barrier"));
    String[] opts = {"--barrier", barrier.toString(), "--parties", "3"};
    var source =
        new Source()
            .put(ALICE, us(tinyNode("a", opts)), us(tinyNode("b", opts)), us(tinyNode("c", opts)));
    pool =
        new SessionPool(
            config(root).toBuilder()
                .timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10))
                .build(),
            source,
            botEnvFn());
    ToolCatalog cat = pool.catalog(ALICE);
    assertThat(cat.problems()).isEmpty();
    assertThat(cat.tools())
        .extracting(McpTool::qualifiedName)
        .containsExactlyInAnyOrder("a__echo", "b__echo", "c__echo");
  }

  // ---- a call goes to the session its tool came from; credentials are read only to start one

  @Test
  void callsNeitherAskTheSourceNorReadCredentialsAgain() {
    AtomicInteger listings = new AtomicInteger();
    AtomicInteger credentialReads = new AtomicInteger();
    var def = fixtureWithToken("fx", "normal", List.of(), Map.of());
    UserServerSource source =
        user -> {
          listings.incrementAndGet();
          return List.of(
              UserServer.deferred(
                  def,
                  () -> {
                    credentialReads.incrementAndGet();
                    return Map.of("FIXTURE_TOKEN", "tok-1");
                  }));
        };
    pool = new SessionPool(config(root), source, botEnvFn());

    McpTool echo = pool.catalog(ROUTE).find("fx__echo").orElseThrow();
    for (int i = 0; i < 3; i++) {
      assertThat(pool.call(ROUTE, echo, Map.of("text", "m" + i)).asText()).isEqualTo("m" + i);
    }
    assertThat(listings).hasValue(1);
    assertThat(credentialReads).hasValue(1); // the start, nothing per call

    pool.catalog(ROUTE); // the next turn lists again, on the running session: no decryption
    assertThat(listings).hasValue(2);
    assertThat(credentialReads).hasValue(1);

    pool.invalidate(ROUTE, "fx"); // credentials changed: the next start reads them afresh
    assertThat(pool.call(ROUTE, echo, Map.of("text", "again")).asText()).isEqualTo("again");
    assertThat(credentialReads).hasValue(2);
  }

  @Test
  void anUnreadableCredentialIsTheServersProblemAndStartsNothing() {
    var def = fixtureWithToken("fx", "normal", List.of(), Map.of());
    UserServerSource source =
        user ->
            List.of(
                UserServer.deferred(
                    def,
                    () -> {
                      throw new McpException("credential 'token' cannot be decrypted");
                    }));
    pool = new SessionPool(config(root), source, botEnvFn());

    assertThat(pool.catalog(ROUTE).problems())
        .containsExactly(new ServerProblem("fx", "credential 'token' cannot be decrypted"));
    assertThat(pool.status(ROUTE, "fx")).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(pool.stats().perUser()).doesNotContainKey(ROUTE);
  }

  @Test
  void aToolMadeOutsideThePoolIsAnErrorNotACrash() {
    pool = new SessionPool(config(root), new Source(), botEnvFn());
    McpTool loose =
        new McpTool(
            "fx__echo", "fx", "echo", "", com.fasterxml.jackson.databind.node.NullNode.instance);
    ToolOutcome out = pool.call(ROUTE, loose, Map.of());
    assertThat(out.isError()).isTrue();
    assertThat(out.asText()).contains("not in your tool list");
  }
}
