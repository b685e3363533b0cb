package io.mcpbot.core.mcp;

import static io.mcpbot.core.mcp.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 1000 start/stop cycles return processes, threads and fds to their baseline. */
class CycleTest {
  @TempDir Path root;

  @Test
  void thousandStartStopCyclesLeakNothing() throws Exception {
    int workers = 4;
    int perWorker = 250;
    var source = new Source();
    for (int w = 0; w < workers; w++) {
      source.put("UCYCLE" + w, us(tinyNode("tiny")));
    }
    try (var pool = new SessionPool(config(root), source, botEnvFn())) {
      assertThat(Fixtures.call(pool, "UCYCLE0", "tiny__echo", Map.of("text", "warm")).asText())
          .isEqualTo("warm");
      pool.invalidateUser("UCYCLE0");
      await().atMost(Duration.ofSeconds(10)).until(() -> descendants() == 0);
      int threads0 = threads();
      System.out.println("baseline threads: " + threadNames());
      int fds0 = fds();
      AtomicInteger ok = new AtomicInteger();
      long t0 = System.nanoTime();
      List<Thread> ts = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        String user = "UCYCLE" + w;
        ts.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; i < perWorker; i++) {
                        if (Fixtures.call(pool, user, "tiny__echo", Map.of("text", "c" + i))
                            .asText()
                            .equals("c" + i)) {
                          ok.incrementAndGet();
                        }
                        pool.invalidate(user, "tiny");
                      }
                    }));
      }
      for (Thread t : ts) {
        t.join();
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "1000 start/call/stop cycles (%d workers): %d ms, %.1f ms/cycle%n",
          workers, ms, ms / 1000.0);
      assertThat(ok.get()).isEqualTo(workers * perWorker);
      assertThat(pool.stats().liveSessions()).isZero();
      assertThat(descendants()).isZero();
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                assertThat(fds()).isLessThanOrEqualTo(fds0);
                assertThat(sessionThreads()).isZero();
                assertThat(threads()).as(threadNames()).isLessThanOrEqualTo(threads0);
              });
    }
  }
}
