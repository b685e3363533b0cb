package io.mcpbot.bench;

import io.mcpbot.cli.http.HealthRoutes;
import io.mcpbot.cli.http.HttpEndpoint;
import io.mcpbot.core.config.HttpSettings;
import io.mcpbot.core.metrics.BotMetrics;
import io.mcpbot.core.testing.TestDatabases;
import io.mcpbot.core.testing.TestDb;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@code /metrics} scrape costs over real HTTP on the bot's endpoint, idle and while 50
 * simulated users record what their turns record (turn, two model calls with tokens, a tool call on
 * one of 6 servers, over 3 models, paced at one turn per user every few milliseconds: far busier
 * than people typing). Reports p50/p99 scrape time and body size.
 *
 * <p>Usage: {@code MetricsScrapeBench [scrapes=400] [users=50]}.
 */
public final class MetricsScrapeBench {
  private static final String[] SERVERS = {"fs", "github", "jira", "memory", "fetch", "sqlite"};
  private static final String[] MODELS = {"gpt-4o-mini", "claude-sonnet", "llama-70b"};

  public static void main(String[] args) throws Exception {
    int scrapes = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BotMetrics metrics = new BotMetrics(registry);
    AtomicLong live = new AtomicLong();
    metrics.sessions(() -> (int) live.get(), 100);
    HttpClient http = HttpClient.newHttpClient();
    try (TestDb db = TestDatabases.migrated(TestDatabases.Engine.H2);
        HttpEndpoint endpoint =
            HttpEndpoint.start(
                new HttpSettings("127.0.0.1", 0, null),
                null,
                (u, s) -> {},
                new HealthRoutes(db.database(), () -> true, registry))) {
      URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
      // every series exists before the idle run, so both runs scrape the same text
      for (String server : SERVERS) {
        for (String model : MODELS) {
          turn(metrics, server, model);
        }
      }
      scrape(http, uri, 100); // warm-up
      List<Double> idle = scrape(http, uri, scrapes);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong turns = new AtomicLong();
      List<Double> busy;
      try (ExecutorService talkers = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int u = 0; u < users; u++) {
          talkers.submit(
              () -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (running.get()) {
                  turn(metrics, SERVERS[r.nextInt(SERVERS.length)], MODELS[r.nextInt(3)]);
                  live.set(r.nextInt(100));
                  turns.incrementAndGet();
                  Thread.sleep(Duration.ofMillis(2));
                }
                return null;
              });
        }
        long t0 = System.nanoTime();
        busy = scrape(http, uri, scrapes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        running.set(false);
        System.out.printf(
            "users talking: %d, turns recorded during the busy run: %d (%.0f/s)%n",
            users, turns.get(), turns.get() / seconds);
      }
      int bytes =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
              .body()
              .length();
      System.out.println("scrape body: " + bytes + " bytes");
      System.out.println("/metrics idle:            " + Stats.p50p99(idle));
      System.out.println("/metrics while talking:   " + Stats.p50p99(busy));
      System.out.println("talking vs idle:          " + Stats.ratio(busy, idle));
    }
  }

  private static void turn(BotMetrics metrics, String server, String model) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    metrics.eventReceived();
    metrics.modelCall("OpenAI", model, Duration.ofMillis(r.nextInt(50, 2000)), true, 900, 600, 40);
    metrics.toolCall(server, r.nextInt(10) > 0, Duration.ofMillis(r.nextInt(1, 500)));
    metrics.modelCall("OpenAI", model, Duration.ofMillis(r.nextInt(50, 2000)), true, 1200, 900, 80);
    metrics.turn(Duration.ofMillis(r.nextInt(100, 5000)), true);
  }

  private static List<Double> scrape(HttpClient http, URI uri, int n) throws Exception {
    List<Double> ms = new ArrayList<>();
    HttpRequest req = HttpRequest.newBuilder(uri).build();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      ms.add((System.nanoTime() - t0) / 1e6);
      if (r.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + r.statusCode());
      }
    }
    return ms;
  }
}
