package io.mcpbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.bot.TestCore;
import io.mcpbot.core.agent.Agent;
import io.mcpbot.core.agent.AgentConfig;
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.llm.ApiKey;
import io.mcpbot.core.llm.FakeLlmServer;
import io.mcpbot.core.llm.LlmConfig;
import io.mcpbot.core.llm.LlmProviders;
import io.mcpbot.core.llm.ProviderKind;
import io.mcpbot.core.llm.RetryPolicy;
import io.mcpbot.core.llm.Sse;
import io.mcpbot.core.testing.TestDatabases.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Input tokens per turn and the share a provider can serve from its prompt cache, for a user with
 * about 40 tools (fixture MCP servers) over a 10-turn thread: the real {@link Agent} and Anthropic
 * provider against a local server that records every request. Tokens are estimated as characters /
 * 4 (no tokenizer here); the cacheable prefix is the request's tools and system prompt, counted
 * only when byte-identical to the previous request's.
 *
 * <p>Usage: {@code CacheShare [turns=10] [tools=40]}
 */
public final class CacheShare {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "U0CACHING";

  public static void main(String[] args) throws Exception {
    int turns = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int wanted = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    List<ServerDefinition> servers = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      servers.add(TestCore.server("srv" + i, "Fixture server " + i));
    }
    try (TestCore core = new TestCore(Engine.H2, servers.toArray(ServerDefinition[]::new));
        FakeLlmServer llm = new FakeLlmServer()) {
      core.users.ensureUser(USER, null);
      int tools = 0;
      for (ServerDefinition s : servers) {
        if (tools >= wanted) {
          break;
        }
        core.users.enable(USER, s.name());
        tools = core.pool.catalog(USER).tools().size();
      }
      for (int t = 1; t <= turns; t++) {
        String answer = ("Here is part " + t + " of the answer, with some detail. ").repeat(6);
        llm.reply(200, Sse.anthropicText(List.of(answer)), Sse.HEADERS);
      }
      Agent agent =
          new Agent(
              core.store,
              core.pool,
              LlmProviders.create(
                  new LlmConfig(
                      ProviderKind.ANTHROPIC,
                      "claude-bench",
                      ApiKey.of("sk-ant-bench"),
                      llm.url(),
                      Duration.ofSeconds(30),
                      RetryPolicy.NONE),
                  LlmProviders.defaultHttpClient()),
              AgentConfig.defaults("claude-bench"));
      for (int t = 1; t <= turns; t++) {
        agent.run(
            new TurnInput(USER, "C1", "T1", "Question " + t + ": what about the next item?"), null);
      }
      print(llm.requests(), tools);
    }
  }

  private static void print(List<FakeLlmServer.Recorded> requests, int tools) throws Exception {
    System.out.printf(
        "%nCacheShare: %d tools, %d-turn thread, Anthropic format with cache_control%n",
        tools, requests.size());
    System.out.printf(
        "%-6s %14s %16s %12s %10s%n", "turn", "input tokens", "cacheable tokens", "share", "hit");
    String previous = null;
    long total = 0;
    long cached = 0;
    for (int i = 0; i < requests.size(); i++) {
      JsonNode body = JSON.readTree(requests.get(i).body());
      String prefix = body.path("tools").toString() + body.path("system").toString();
      long in = estimate(requests.get(i).body());
      long cacheable = estimate(prefix);
      boolean hit = prefix.equals(previous);
      total += in;
      cached += hit ? cacheable : 0;
      System.out.printf(
          "%-6d %14d %16d %11.0f%% %10s%n",
          i + 1, in, cacheable, 100.0 * cacheable / in, i == 0 ? "write" : hit ? "read" : "MISS");
      previous = prefix;
    }
    System.out.printf(
        "over %d turns: %d input tokens, %d (%.0f%%) servable from the cache%n",
        requests.size(), total, cached, 100.0 * cached / total);
  }

  private static long estimate(String text) {
    return Math.round(text.length() / 4.0);
  }
}
