package io.mcpbot.bench;

import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.cluster.ChangeFeed;
import io.mcpbot.core.cluster.ReplicaId;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.SessionChange;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.users.UserServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Credential save on replica A to the restarted session on replica B, broken into phases, with the
 * same fixture's cold start (prewarm of a fresh user on B) as the peer, in the same run. A's pool
 * is given no enabled servers, so A runs no session for the user: in a deployment only the lease
 * holder (B here) runs it, and A's save restarts nothing locally.
 */
final class RestartPhases {
  private static final String USER = "UBENCH01";
  private static final String SERVER = "secret";

  private final List<Double> saved = new ArrayList<>();
  private final List<Double> received = new ArrayList<>();
  private final List<Double> applied = new ArrayList<>();
  private final List<Double> oldGone = new ArrayList<>();
  private final List<Double> newReady = new ArrayList<>();
  private final List<Double> startAfterGone = new ArrayList<>();
  private final List<Double> cold = new ArrayList<>();
  private final AtomicLong receivedAt = new AtomicLong();
  private final AtomicLong appliedAt = new AtomicLong();

  private RestartPhases() {}

  static void run(Database a, Database b, KeyRing keys, int saves) throws Exception {
    new RestartPhases().measure(a, b, keys, saves);
  }

  private void measure(Database a, Database b, KeyRing keys, int saves) throws Exception {
    ServerDefinition d = Fixtures.tokenServer(SERVER, "bench");
    Store sa = Store.of(a);
    sa.servers().insert(d.name(), d.description(), ServersConfig.toJson(d), d.needsCredentials());
    Path shared = Files.createTempDirectory("replica-bench");
    ServerDirectory dirA = new ServerDirectory(sa);
    Store sb = Store.of(b);
    ServerDirectory dirB = new ServerDirectory(sb);
    try (SessionPool poolA = new SessionPool(Fixtures.config(shared), u -> List.of(), k -> null);
        SessionPool poolB =
            new SessionPool(
                Fixtures.config(shared),
                new StoreServerSource(sb, keys, dirB),
                Fixtures.botEnvFn());
        ChangeFeed feed =
            ChangeFeed.start(
                b,
                new ReplicaId("bench-b"),
                timed(ChangeFeed.restarting(poolB)),
                ChangeFeed.Options.defaults())) {
      UserServers usersA = new UserServers(sa, keys, poolA, dirA, new ReplicaId("bench-a"));
      usersA.saveCredentials(USER, SERVER, Map.of("fixture_token", token(0)));
      for (int i = 1; i <= saves; i++) {
        poolB.prewarm(USER, SERVER).get(60, TimeUnit.SECONDS);
        once(usersA, poolB, i);
        coldStart(usersA, poolB, feed, i);
      }
      if (poolA.stats().liveSessions() != 0) {
        throw new IllegalStateException("A must hold no session for the user");
      }
    }
    System.out.println(
        "credential save on A -> B's restarted session, phases from the save's start (A holds no"
            + " session for the user, as in a deployment; "
            + saves
            + " saves):");
    line("(a) saveCredentials returned on A", saved);
    line("(b) change handed to B's feed (NOTIFY + log read)", received);
    line("    B's apply returned (old session closed, prewarm queued)", applied);
    line("(c) old process on B gone", oldGone);
    line("(d) new session initialized on B (the issue 10 figure)", newReady);
    line("    new session: old gone -> initialized (start + initialize)", startAfterGone);
    line("peer: cold start alone on B (prewarm of a fresh user, same fixture)", cold);
  }

  private void once(UserServers usersA, SessionPool poolB, int i) throws InterruptedException {
    long before = pid(poolB, USER);
    Optional<ProcessHandle> old = ProcessHandle.of(before);
    if (before < 0 || old.isEmpty()) {
      throw new IllegalStateException("B's session should be running before the save");
    }
    receivedAt.set(0);
    appliedAt.set(0);
    long t0 = System.nanoTime();
    usersA.saveCredentials(USER, SERVER, Map.of("fixture_token", token(i)));
    long tSaved = System.nanoTime();
    long tGone = 0;
    long tReady = 0;
    while (tGone == 0 || tReady == 0) {
      long now = System.nanoTime();
      within(t0, now, "B's restarted session");
      if (tGone == 0 && !old.get().isAlive()) {
        tGone = now;
      }
      long p = pid(poolB, USER);
      if (tReady == 0 && p >= 0 && p != before) {
        tReady = now;
      }
      Thread.sleep(1); // a benchmark may poll; tests may not
    }
    while (appliedAt.get() == 0) {
      within(t0, System.nanoTime(), "B's feed applying the save");
      Thread.sleep(1);
    }
    saved.add(ms(t0, tSaved));
    received.add(ms(t0, receivedAt.get()));
    applied.add(ms(t0, appliedAt.get()));
    oldGone.add(ms(t0, tGone));
    newReady.add(ms(t0, tReady));
    startAfterGone.add(ms(tGone, tReady));
  }

  private void coldStart(UserServers usersA, SessionPool poolB, ChangeFeed feed, int i)
      throws Exception {
    String fresh = String.format("UCOLD%04d", i);
    long seen = feed.appliedCount();
    usersA.saveCredentials(fresh, SERVER, Map.of("fixture_token", token(i)));
    long asked = System.nanoTime();
    while (feed.appliedCount() == seen) {
      within(asked, System.nanoTime(), "B's feed applying the fresh user's save");
      Thread.sleep(1); // B applies the save first, so it cannot mark the start below stale
    }
    long t0 = System.nanoTime();
    var started = poolB.prewarm(fresh, SERVER);
    // polled like the restarted session in once(), so both pay the same observer cost
    while (pid(poolB, fresh) < 0 && !started.isDone()) {
      within(t0, System.nanoTime(), "the cold start");
      Thread.sleep(1);
    }
    long t1 = System.nanoTime();
    ServerStatus s = started.get(60, TimeUnit.SECONDS);
    if (!(s instanceof ServerStatus.Running)) {
      throw new IllegalStateException("cold start failed: " + s);
    }
    cold.add(ms(t0, t1));
    poolB.invalidate(fresh, SERVER); // outside the timing: only one fixture of the peer at a time
  }

  private Consumer<SessionChange> timed(Consumer<SessionChange> apply) {
    return c -> {
      if (USER.equals(c.slackUserId())) {
        receivedAt.set(System.nanoTime());
      }
      apply.accept(c);
      if (USER.equals(c.slackUserId())) {
        appliedAt.set(System.nanoTime());
      }
    };
  }

  /** Fails the bench instead of hanging when something never happens (a start that failed). */
  private static void within(long from, long now, String what) {
    if (now - from > TimeUnit.SECONDS.toNanos(120)) {
      throw new IllegalStateException(what + " did not happen within 120 s");
    }
  }

  private static void line(String what, List<Double> ms) {
    System.out.println("  " + what + ": " + Stats.p50p99(ms));
  }

  private static double ms(long from, long to) {
    return (to - from) / 1e6;
  }

  private static String token(int i) {
    return "tok_" + String.valueOf((char) ('a' + i % 26)).repeat(20);
  }

  private static long pid(SessionPool pool, String user) {
    return pool.status(user, SERVER) instanceof ServerStatus.Running r ? r.pid() : -1;
  }
}
