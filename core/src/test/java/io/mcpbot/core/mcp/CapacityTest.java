package io.mcpbot.core.mcp;

import static io.mcpbot.core.mcp.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Global and per-user caps: LRU eviction of idle sessions, "busy" when all are in use. */
class CapacityTest {
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
  void globalCapEvictsTheLeastRecentlyUsedIdleSession() {
    var clock = new MutableClock();
    var source = new Source();
    for (String u : new String[] {"UAAA", "UBBB", "UCCC"}) {
      source.put(u, us(tinyNode("tiny")));
    }
    pool =
        new SessionPool(
            config(root).toBuilder()
                .caps(2, 2, Duration.ofSeconds(5))
                .idle(Duration.ofMinutes(10), clock)
                .build(),
            source,
            botEnvFn());
    Fixtures.call(pool, "UAAA", "tiny__echo", Map.of("text", "a"));
    clock.advance(Duration.ofSeconds(1));
    Fixtures.call(pool, "UBBB", "tiny__echo", Map.of("text", "b"));
    clock.advance(Duration.ofSeconds(1));
    Fixtures.call(
        pool, "UAAA", "tiny__echo", Map.of("text", "a again")); // A is now more recent than B
    clock.advance(Duration.ofSeconds(1));
    assertThat(Fixtures.call(pool, "UCCC", "tiny__echo", Map.of("text", "c")).asText())
        .isEqualTo("c");
    assertThat(pool.stats().liveSessions()).isEqualTo(2);
    assertThat(pool.stats().perUser()).containsOnlyKeys("UAAA", "UCCC");
    assertThat(pool.status("UBBB", "tiny")).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(Fixtures.servers()).isEqualTo(2);
  }

  @Test
  void whenAllSessionsAreBusyCallersGetAClearBusyError() throws Exception {
    var source =
        new Source()
            .put("UAAA", us(fixture("fx", "normal")))
            .put("UBBB", us(fixture("fx", "normal")));
    pool =
        new SessionPool(
            config(root).toBuilder().caps(1, 1, Duration.ofMillis(500)).build(),
            source,
            botEnvFn());
    pool.catalog("UAAA");
    CompletableFuture<ToolOutcome> slow =
        CompletableFuture.supplyAsync(
            () -> Fixtures.call(pool, "UAAA", "fx__slow", Map.of("ms", 3000)));
    await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().busySessions() == 1);
    ToolOutcome busy = Fixtures.call(pool, "UBBB", "fx__echo", Map.of("text", "x"));
    assertThat(busy.isError()).isTrue();
    assertThat(busy.asText())
        .isEqualTo(
            "cannot start server 'fx': the bot is busy, all 1 MCP server sessions are in"
                + " use by tool calls; try again in a minute");
    assertThat(slow.get().asText()).isEqualTo("slept");
    assertThat(Fixtures.call(pool, "UBBB", "fx__echo", Map.of("text", "now")).asText())
        .isEqualTo("now");
    assertThat(pool.stats().liveSessions()).isEqualTo(1);
  }

  @Test
  void perUserCapEvictsTheUsersOwnIdleSession() {
    var source = new Source().put("UAAA", us(tinyNode("one")), us(tinyNode("two")));
    pool =
        new SessionPool(
            config(root).toBuilder().caps(10, 1, Duration.ofSeconds(5)).build(),
            source,
            botEnvFn());
    ToolCatalog cat = pool.catalog("UAAA");
    assertThat(cat.tools())
        .extracting(McpTool::qualifiedName)
        .containsExactlyInAnyOrder("one__echo", "two__echo");
    assertThat(pool.stats().liveSessions()).isEqualTo(1);
    assertThat(Fixtures.call(pool, "UAAA", "one__echo", Map.of("text", "1")).asText())
        .isEqualTo("1");
    assertThat(Fixtures.call(pool, "UAAA", "two__echo", Map.of("text", "2")).asText())
        .isEqualTo("2");
    assertThat(pool.stats().perUser()).containsEntry("UAAA", 1);
  }

  @Test
  void closeEndsEverythingWithinTheBound() {
    var source = new Source();
    for (int i = 0; i < 6; i++) {
      source.put("UCLOSE" + i, us(tinyNode("tiny")));
    }
    pool = new SessionPool(config(root), source, botEnvFn());
    for (int i = 0; i < 6; i++) {
      pool.catalog("UCLOSE" + i);
    }
    assertThat(Fixtures.servers()).isEqualTo(6);
    long t0 = System.nanoTime();
    pool.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(11));
    assertThat(descendants()).isZero();
    assertThat(pool.stats().liveSessions()).isZero();
  }

  @Test
  void concurrentFirstUsesStartOneProcess() throws Exception {
    var source = new Source().put("UAAA", us(tinyNode("tiny")));
    pool = new SessionPool(config(root), source, botEnvFn());
    var latch = new java.util.concurrent.CountDownLatch(1);
    var futures = new java.util.ArrayList<CompletableFuture<ToolOutcome>>();
    for (int i = 0; i < 20; i++) {
      String text = "t" + i;
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  latch.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return Fixtures.call(pool, "UAAA", "tiny__echo", Map.of("text", text));
              },
              java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
    }
    latch.countDown();
    for (int i = 0; i < 20; i++) {
      assertThat(futures.get(i).get().asText()).isEqualTo("t" + i);
    }
    assertThat(pool.stats().liveSessions()).isEqualTo(1);
    assertThat(Fixtures.servers()).isEqualTo(1);
  }

  @Test
  void whenAllOfTheUsersSessionsAreBusyTheUserIsToldWhy() throws Exception {
    var source =
        new Source().put("UAAA", us(fixture("one", "normal")), us(fixture("two", "normal")));
    pool =
        new SessionPool(
            // the wait for a slot (2 s) stays well inside the busy call (8 s) on a loaded machine
            config(root).toBuilder().caps(10, 1, Duration.ofSeconds(2)).build(),
            source,
            botEnvFn());
    pool.catalog("UAAA");
    CompletableFuture<ToolOutcome> slow =
        CompletableFuture.supplyAsync(
            () -> Fixtures.call(pool, "UAAA", "one__slow", Map.of("ms", 8000)));
    await().atMost(Duration.ofSeconds(30)).until(() -> pool.stats().busySessions() == 1);
    assertThat(Fixtures.call(pool, "UAAA", "two__echo", Map.of("text", "x")).asText())
        .isEqualTo(
            "cannot start server 'two': you already have 1 MCP server(s) running, the"
                + " limit per user, and all are busy with tool calls; try again when one of them"
                + " finishes");
    assertThat(slow.get().asText()).isEqualTo("slept");
    assertThat(Fixtures.call(pool, "UAAA", "two__echo", Map.of("text", "now")).asText())
        .isEqualTo("now");
  }
}
