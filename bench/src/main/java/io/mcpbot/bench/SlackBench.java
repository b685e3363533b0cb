package io.mcpbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.SlackBot;
import io.mcpbot.bot.emulator.Ack;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.bot.internal.HomeActions;
import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.StopReason;
import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.testing.TestDb;
import io.mcpbot.core.users.UserServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Slack-side latency with everything real but the model: the emulator (HTTP Web API + Socket Mode),
 * the real Bolt client in {@link SlackBot}, {@link BotServices} with event dedupe and users in the
 * database, the core {@link Agent} persisting every message, and a zero-latency in-process
 * provider. Closed loop: each user sends a DM, waits for the final answer, sends the next. Prints
 * ack latency and event-to-placeholder and event-to-final-answer p50/p99 at 1 user (the peer) and
 * at N concurrent users, and the ratio; then the credential modal's save (submission to ack, which
 * Slack allows 3 s) for a server whose session restarts with the new value. The bot's tests assert
 * only order and outcome; these are the figures.
 *
 * <p>Usage: {@code SlackBench [users=50] [rounds=20] [h2|postgresql]}
 */
public final class SlackBench {
  private static final String ANSWER = "ok";

  private record Sample(double ackMs, double placeholderMs, double finalMs) {}

  private record Result(String label, List<Sample> samples, double seconds) {}

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Engine engine =
        args.length > 2 && args[2].equalsIgnoreCase("postgresql") ? Engine.POSTGRESQL : Engine.H2;
    System.out.printf(
        "SlackBench: %d users x %d rounds (closed loop), database %s, zero-latency model%n",
        users, rounds, engine);
    try (Bench bench = new Bench(engine, users)) {
      bench.run(users, 3); // warm-up: JIT, first contact of every user, pools
      bench.run(1, 3);
      Result peer = bench.measure("1 user", 1, Math.max(rounds, 200));
      Result loaded = bench.measure(users + " users", users, rounds);
      print(List.of(peer, loaded));
      List<Double> saves = bench.saves(Math.max(rounds, 20));
      System.out.printf(
          "%ncredential save (submission -> ack, session restarted): n=%d p50 %s p99 %s max %s"
              + " (Slack's limit: 3000 ms)%n",
          saves.size(),
          ms(Stats.median(saves)),
          ms(Stats.pct(saves, 99)),
          ms(Stats.pct(saves, 100)));
    }
    System.exit(0);
  }

  private static void print(List<Result> results) {
    System.out.printf(
        "%n%-10s %8s %10s %10s %12s %12s %12s %12s %9s%n",
        "run",
        "events",
        "ack p50",
        "ack p99",
        "place p50",
        "place p99",
        "final p50",
        "final p99",
        "events/s");
    for (Result r : results) {
      List<Double> ack = r.samples().stream().map(Sample::ackMs).toList();
      List<Double> place = r.samples().stream().map(Sample::placeholderMs).toList();
      List<Double> fin = r.samples().stream().map(Sample::finalMs).toList();
      System.out.printf(
          "%-10s %8d %10s %10s %12s %12s %12s %12s %9.0f%n",
          r.label(),
          r.samples().size(),
          ms(Stats.median(ack)),
          ms(Stats.pct(ack, 99)),
          ms(Stats.median(place)),
          ms(Stats.pct(place, 99)),
          ms(Stats.median(fin)),
          ms(Stats.pct(fin, 99)),
          r.samples().size() / r.seconds());
    }
    Result peer = results.get(0);
    Result loaded = results.get(1);
    System.out.printf(
        "%nratio %s / %s: ack p99 x%.2f, placeholder p99 x%.2f, final p50 x%.2f, final p99 x%.2f%n",
        loaded.label(),
        peer.label(),
        ratio(loaded, peer, Sample::ackMs, 99),
        ratio(loaded, peer, Sample::placeholderMs, 99),
        ratio(loaded, peer, Sample::finalMs, 50),
        ratio(loaded, peer, Sample::finalMs, 99));
  }

  private static double ratio(
      Result a, Result b, java.util.function.ToDoubleFunction<Sample> f, double p) {
    return Stats.pct(a.samples().stream().map(f::applyAsDouble).toList(), p)
        / Stats.pct(b.samples().stream().map(f::applyAsDouble).toList(), p);
  }

  private static String ms(double v) {
    return String.format("%.2f ms", v);
  }

  /** The emulator, the bot and the core, wired once for every run. */
  private static final class Bench implements AutoCloseable {
    final SlackEmulator slack;
    final TestDb db;
    final SessionPool pool;
    final SlackBot bot;
    final Map<String, Instant> placeholders = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<Instant>> finals = new ConcurrentHashMap<>();
    final int users;

    Bench(Engine engine, int users) throws Exception {
      this.users = users;
      slack = SlackEmulator.start();
      for (int i = 0; i < users; i++) {
        String id = user(i);
        slack.addUser(new SlackUser(id, "user" + i, "User " + i, "user" + i, i + "@example.com"));
      }
      slack.onCall(this::observe);
      db = TestDatabases.migrated(engine);
      KeyRing keys = KeyRing.parse("ENCRYPTION_KEY", KeyRing.generateKey());
      ServerDefinition keyed = keyed();
      db.store()
          .servers()
          .insert(keyed.name(), keyed.description(), ServersConfig.toJson(keyed), true);
      ServerDirectory directory = new ServerDirectory(db.store());
      pool =
          new SessionPool(
              PoolConfig.defaults(BenchEnv.tempRoot()),
              new StoreServerSource(db.store(), keys, directory),
              BenchEnv.botEnv());
      UserServers userServers = new UserServers(db.store(), keys, pool, directory);
      LlmProvider instant =
          new LlmProvider() {
            @Override
            public ChatResponse chat(io.mcpbot.core.llm.ChatRequest request) {
              return new ChatResponse(ANSWER, List.of(), StopReason.END, TokenUsage.NONE);
            }

            @Override
            public String name() {
              return "instant";
            }
          };
      Agent agent = new Agent(db.store(), pool, instant, AgentConfig.defaults("instant"));
      bot =
          new SlackBot(
              BotConfig.builder(SlackEmulator.BOT_TOKEN, SlackEmulator.APP_TOKEN)
                  .apiUrl(java.net.URI.create(slack.apiUrl()))
                  .build(),
              new BotServices(db.store(), userServers, pool, agent));
      bot.start();
    }

    /** server-everything, asking each user for a token its process gets in the environment. */
    static ServerDefinition keyed() {
      StdioServer e = BenchEnv.everything();
      return new StdioServer(
          "keyed",
          e.command(),
          e.args(),
          Map.of("EVERYTHING_TOKEN", "${EVERYTHING_TOKEN}"),
          ServerOptions.NONE
              .withDescription("Needs a token")
              .withCredentials(
                  List.of(
                      new CredentialSpec(
                          "api_key", "token", "A token", "EVERYTHING_TOKEN", true, null))));
    }

    /** Opens the credential modal and saves a new value {@code n} times; the acks' latencies. */
    List<Double> saves(int n) throws Exception {
      List<Double> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String user = user(i % users);
        String trigger = slack.newTrigger();
        slack.clickButton(user, HomeActions.UPDATE, "keyed", trigger);
        JsonNode modal =
            slack
                .awaitCall(
                    "views.open",
                    c -> trigger.equals(c.param("trigger_id")),
                    Duration.ofSeconds(30))
                .json("view");
        String submission = slack.submitView(user, modal, Map.of("cred:token", "value-" + i));
        Ack ack = slack.awaitAck(submission, Duration.ofSeconds(30));
        if (ack.payload() == null
            || !"clear".equals(ack.payload().path("response_action").asText())) {
          throw new IllegalStateException("save " + i + " was not accepted: " + ack.payload());
        }
        out.add(ack.latency().toNanos() / 1e6);
      }
      return out;
    }

    static String user(int i) {
      return "U%08d".formatted(i);
    }

    static String channel(String user) {
      return "D" + user.substring(1);
    }

    private void observe(ApiCall c) {
      String channel = c.param("channel");
      if (channel == null) {
        return;
      }
      if (c.method().equals("chat.postMessage") && c.param("thread_ts") != null) {
        placeholders.put(channel + "/" + c.param("thread_ts"), c.at());
      } else if (c.method().equals("chat.update") && ANSWER.equals(c.param("text"))) {
        CompletableFuture<Instant> f = finals.get(channel);
        if (f != null) {
          f.complete(c.at());
        }
      }
    }

    void run(int users, int rounds) throws Exception {
      measure("warm-up", users, rounds);
    }

    Result measure(String label, int users, int rounds) throws Exception {
      List<Sample> samples = new CopyOnWriteArrayList<>();
      long t0 = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        String user = user(u);
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        for (int r = 0; r < rounds; r++) {
                          samples.add(oneEvent(user));
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (samples.size() != users * rounds) {
        throw new IllegalStateException("lost samples: " + samples.size());
      }
      return new Result(label, samples, seconds);
    }

    private Sample oneEvent(String user) throws Exception {
      String channel = channel(user);
      String ts = slack.nextTs();
      CompletableFuture<Instant> done = new CompletableFuture<>();
      finals.put(channel, done);
      Instant sent = Instant.now();
      String envelope =
          slack.sendEvent(Events.dm(user, channel, "hi", ts, null), slack.newEventId(), 0);
      Instant end = done.get(60, TimeUnit.SECONDS);
      Duration ack = slack.awaitAck(envelope, Duration.ofSeconds(60)).latency();
      Instant placeholder = placeholders.remove(channel + "/" + ts);
      return new Sample(ack.toNanos() / 1e6, millis(sent, placeholder), millis(sent, end));
    }

    private static double millis(Instant from, Instant to) {
      return Duration.between(from, to).toNanos() / 1e6;
    }

    @Override
    public void close() {
      bot.stop();
      slack.close();
      pool.close();
      db.close();
    }
  }
}
