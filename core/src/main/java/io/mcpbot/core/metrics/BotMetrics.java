package io.mcpbot.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The bot's metrics, one method per thing counted, so each instrumentation point stays a line in
 * the class that owns it. Labels are only operator-chosen names (provider, model, server) and
 * closed outcome words: never a user ID, argument or secret. Thread-safe; {@link #NONE} records
 * nowhere (a registry with no backend), for tests and commands that serve no metrics.
 */
public final class BotMetrics {
  /** Records nothing. */
  public static final BotMetrics NONE = new BotMetrics(new CompositeMeterRegistry());

  private final MeterRegistry registry;
  private final Counter eventsReceived;
  private final Counter eventsDeduplicated;

  /** Records into {@code registry} (a Prometheus registry in {@code mcpbot run}). */
  public BotMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.eventsReceived =
        Counter.builder("mcpbot.events.received")
            .description("Slack message events received (before dedupe)")
            .register(registry);
    this.eventsDeduplicated =
        Counter.builder("mcpbot.events.deduplicated")
            .description("Slack events dropped as already processed (a redelivery)")
            .register(registry);
  }

  /** The registry recorded into. */
  public MeterRegistry registry() {
    return registry;
  }

  /** A Slack message event arrived. */
  public void eventReceived() {
    eventsReceived.increment();
  }

  /** A Slack event was a redelivery of one already processed and was dropped. */
  public void eventDeduplicated() {
    eventsDeduplicated.increment();
  }

  /** One agent turn ended, answered ({@code ok}) or failed. */
  public void turn(Duration took, boolean ok) {
    Timer.builder("mcpbot.turn")
        .description("Agent turn latency, from the user's message to the stored answer")
        .tag("outcome", ok ? "ok" : "error")
        .register(registry)
        .record(took);
  }

  /** One model call ended; the tokens it reported are counted by kind. */
  public void modelCall(
      String provider,
      String model,
      Duration took,
      boolean ok,
      long input,
      long cachedInput,
      long output) {
    Timer.builder("mcpbot.model.call")
        .description("LLM call latency (one agent step), by provider and model")
        .tags("provider", provider, "model", model, "outcome", ok ? "ok" : "error")
        .register(registry)
        .record(took);
    tokens(provider, model, "input", input);
    tokens(provider, model, "cached_input", cachedInput);
    tokens(provider, model, "output", output);
  }

  private void tokens(String provider, String model, String kind, long n) {
    Counter.builder("mcpbot.model.tokens")
        .description("Model tokens by provider, model and kind (input includes cached_input)")
        .tags("provider", provider, "model", model, "kind", kind)
        .register(registry)
        .increment(n);
  }

  /** One tool call ended; {@code ok} false for an error result, timeout or malformed call. */
  public void toolCall(String server, boolean ok, Duration took) {
    Timer.builder("mcpbot.tool.call")
        .description("MCP tool call latency and count, by server and outcome")
        .tags("server", server, "outcome", ok ? "ok" : "error")
        .register(registry)
        .record(took);
  }

  /** A server session started ({@code ok}) or failed to start. */
  public void sessionStart(String server, boolean ok) {
    Counter.builder("mcpbot.session.starts")
        .description("MCP server session starts, by server and outcome")
        .tags("server", server, "outcome", ok ? "ok" : "failed")
        .register(registry)
        .increment();
  }

  /** Publishes the live session count against its cap (read at each scrape). */
  public void sessions(IntSupplier live, int cap) {
    // strong references: a gauge holds its source weakly by default, and a lambda would vanish
    Gauge.builder("mcpbot.sessions.live", live::getAsInt)
        .description("Live MCP server sessions")
        .strongReference(true)
        .register(registry);
    Gauge.builder("mcpbot.sessions.max", () -> cap)
        .description("The cap on live MCP server sessions (MAX_SESSIONS)")
        .strongReference(true)
        .register(registry);
  }

  /**
   * A tool-call approval was decided: {@code decision} is a closed word such as approved, denied,
   * expired or auto.
   */
  public void approval(String decision) {
    Counter.builder("mcpbot.approvals")
        .description("Tool-call approvals, by decision")
        .tag("decision", decision)
        .register(registry)
        .increment();
  }

  /** An OAuth access-token refresh ended, renewed ({@code ok}) or refused/failed. */
  public void oauthRefresh(boolean ok) {
    Counter.builder("mcpbot.oauth.refreshes")
        .description("OAuth access-token refreshes, by outcome")
        .tag("outcome", ok ? "ok" : "failed")
        .register(registry)
        .increment();
  }
}
