package io.mcpbot.bench;

import io.mcpbot.bot.BotConfig;
import io.mcpbot.bot.SlackBot;
import io.mcpbot.bot.TestCore;
import io.mcpbot.bot.emulator.ApiCall;
import io.mcpbot.bot.emulator.Events;
import io.mcpbot.bot.emulator.SlackEmulator;
import io.mcpbot.bot.emulator.SlackUser;
import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streaming into Slack, everything real but Slack (the emulator) and the model (a local server
 * streaming OpenAI's SSE): a model that writes 200 tokens over 4 s, answered through the real Bolt
 * client, the bot's pacing and the core {@link Agent}. Prints, per way of showing the answer
 * (Slack's native stream; chat.update of the placeholder where Slack refuses streams), the time
 * from the model's first token to the first text visible in Slack, against the time to the final
 * answer (when the text appeared before streaming: only at the end), and the Slack API calls per
 * answer. Then {@link CacheShare}: input tokens per turn and the cacheable share.
 *
 * <p>Usage: {@code StreamBench [runs=8] [tokens=200] [seconds=4]}
 */
public final class StreamBench {
  private static final String USER = "U0STREAMS";

  private record Sample(double firstVisibleMs, double finalMs, Map<String, Integer> calls) {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    System.out.printf(
        "StreamBench: a model streaming %d tokens over %d s, %d answers per mode, bot pacing"
            + " as in production (1 update/s)%n",
        tokens, seconds, runs);
    try (PacedModel model = new PacedModel(tokens, Duration.ofSeconds(seconds))) {
      List<Sample> nativeRuns = measure(model, true, runs);
      List<Sample> updateRuns = measure(model, false, runs);
      System.out.printf(
          "%n%-34s %12s %12s %12s %12s%n", "first token ->", "p50", "p99", "max", "answers");
      row("first text, Slack stream", nativeRuns, Sample::firstVisibleMs);
      row("first text, chat.update stream", updateRuns, Sample::firstVisibleMs);
      List<Sample> all = new ArrayList<>(nativeRuns);
      all.addAll(updateRuns);
      row("final answer (= final-update-only)", all, Sample::finalMs);
      double gain =
          Stats.median(values(all, Sample::finalMs))
              / Stats.median(values(nativeRuns, Sample::firstVisibleMs));
      System.out.printf(
          "first text appears %.0fx sooner with streaming than with a final update only (p50)%n",
          gain);
      System.out.printf("%nSlack API calls per answer (median over the runs)%n");
      calls("Slack stream", nativeRuns);
      calls("chat.update stream", updateRuns);
    }
    CacheShare.main(new String[0]);
    System.exit(0);
  }

  private static void row(String label, List<Sample> samples, ToDouble f) {
    List<Double> v = values(samples, f);
    System.out.printf(
        "%-34s %9.1f ms %9.1f ms %9.1f ms %12d%n",
        label, Stats.median(v), Stats.pct(v, 99), Stats.pct(v, 100), v.size());
  }

  private interface ToDouble {
    double of(Sample s);
  }

  private static List<Double> values(List<Sample> samples, ToDouble f) {
    return samples.stream().map(f::of).toList();
  }

  private static void calls(String label, List<Sample> samples) {
    Map<String, List<Double>> byMethod = new TreeMap<>();
    for (Sample s : samples) {
      s.calls().forEach((m, n) -> byMethod.computeIfAbsent(m, k -> new ArrayList<>()).add(n + 0.0));
    }
    List<Double> totals =
        samples.stream()
            .map(s -> s.calls().values().stream().mapToInt(i -> i).sum() + 0.0)
            .toList();
    StringBuilder line = new StringBuilder();
    byMethod.forEach((m, v) -> line.append(String.format("%s %.0f, ", m, Stats.median(v))));
    System.out.printf("  %-20s total %.0f: %s%n", label, Stats.median(totals), line);
  }

  private static List<Sample> measure(PacedModel model, boolean streams, int runs)
      throws Exception {
    try (TestCore core = new TestCore(Engine.H2);
        SlackEmulator slack = SlackEmulator.start()) {
      if (streams) {
        slack.supportStreaming();
      }
      slack.addUser(new SlackUser(USER, "ada", "Ada", "ada", "ada@example.com"));
      LlmProvider provider =
          LlmProviders.create(
              new LlmConfig(
                  ProviderKind.OPENAI_COMPATIBLE,
                  "paced",
                  null,
                  model.url(),
                  Duration.ofSeconds(60),
                  RetryPolicy.NONE),
              LlmProviders.defaultHttpClient());
      Agent agent = new Agent(core.store, core.pool, provider, AgentConfig.defaults("paced"));
      SlackBot bot =
          new SlackBot(
              BotConfig.builder(SlackEmulator.BOT_TOKEN, SlackEmulator.APP_TOKEN)
                  .apiUrl(URI.create(slack.apiUrl()))
                  .build(),
              core.services(agent));
      bot.start();
      try {
        slack.awaitConnections(1, Duration.ofSeconds(30));
        oneAnswer(slack, model, streams, 0); // warm-up
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
          samples.add(oneAnswer(slack, model, streams, i));
        }
        return samples;
      } finally {
        bot.stop();
      }
    }
  }

  private static Sample oneAnswer(SlackEmulator slack, PacedModel model, boolean streams, int n)
      throws Exception {
    String channel = "D" + USER.substring(1);
    int before = slack.calls().size();
    int firstTokens = model.firstTokens.size();
    String ts = slack.nextTs();
    slack.sendEvent(Events.dm(USER, channel, "go " + n, ts, null), slack.newEventId(), 0);
    Duration wait = Duration.ofSeconds(60);
    if (streams) {
      slack.awaitCalls("chat.delete", c -> true, n + 1, wait);
    } else {
      slack.awaitCalls(
          "chat.update",
          c -> c.param("text").contains("tok199") && !c.param("blocks").contains("hourglass"),
          n + 1,
          wait);
    }
    List<ApiCall> calls = slack.calls().subList(before, slack.calls().size());
    Instant firstToken = model.firstTokens.get(firstTokens);
    Instant firstText = null;
    Instant last = null;
    Map<String, Integer> counts = new TreeMap<>();
    for (ApiCall c : calls) {
      counts.merge(c.method(), 1, Integer::sum);
      boolean text =
          c.method().equals("chat.appendStream")
              || c.method().equals("chat.update") && c.param("text").contains("tok0");
      if (text && firstText == null) {
        firstText = c.at();
      }
      if (c.method().equals("chat.stopStream") || c.method().equals("chat.update") && text) {
        last = c.at();
      }
    }
    return new Sample(ms(firstToken, firstText), ms(firstToken, last), counts);
  }

  private static double ms(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }
}
