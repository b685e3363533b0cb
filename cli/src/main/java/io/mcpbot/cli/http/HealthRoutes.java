package io.mcpbot.cli.http;

import com.sun.net.httpserver.HttpExchange;
import io.mcpbot.core.store.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The operator's routes: {@code /healthz} (the process answers), {@code /readyz} (database
 * reachable with every migration applied, and Slack connected; 503 with the reasons otherwise) and
 * {@code /metrics} (Prometheus text format). Stateless apart from its collaborators; thread-safe.
 */
public final class HealthRoutes {
  /** How long the readiness probe waits for the database before calling it unreachable. */
  static final Duration DATABASE_WAIT = Duration.ofSeconds(3);

  private final Database database;
  private final BooleanSupplier slackConnected;
  private final PrometheusMeterRegistry registry;

  /**
   * @param database checked on every {@code /readyz}
   * @param slackConnected whether Socket Mode is connected now
   * @param registry scraped on every {@code /metrics}
   */
  public HealthRoutes(
      Database database, BooleanSupplier slackConnected, PrometheusMeterRegistry registry) {
    this.database = database;
    this.slackConnected = slackConnected;
    this.registry = registry;
  }

  void healthz(HttpExchange ex) throws IOException {
    send(ex, 200, "text/plain; charset=utf-8", "ok\n");
  }

  void readyz(HttpExchange ex) throws IOException {
    List<String> problems = problems();
    if (problems.isEmpty()) {
      send(ex, 200, "text/plain; charset=utf-8", "ready\n");
    } else {
      send(
          ex, 503, "text/plain; charset=utf-8", "not ready: " + String.join("; ", problems) + "\n");
    }
  }

  void metrics(HttpExchange ex) throws IOException {
    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }

  /** Why the bot is not ready, in short operator words; empty when it is. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    // bounded: a database that hangs must not hang the probe past its own timeout
    CompletableFuture<String> db =
        CompletableFuture.supplyAsync(this::databaseProblem, r -> Thread.ofVirtual().start(r));
    try {
      String p = db.get(DATABASE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (p != null) {
        problems.add(p);
      }
    } catch (TimeoutException e) {
      problems.add("database did not answer within " + DATABASE_WAIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      problems.add("database unreachable");
    }
    if (!slackConnected.getAsBoolean()) {
      problems.add("Slack not connected");
    }
    return problems;
  }

  // the message names the target, never the password (Database masks it); kept short for probes
  private String databaseProblem() {
    try {
      int pending = database.pendingMigrations().size();
      return pending == 0 ? null : pending + " database migration(s) not applied";
    } catch (RuntimeException e) {
      return "database unreachable";
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      ex.getResponseBody().write(bytes);
    }
  }
}
