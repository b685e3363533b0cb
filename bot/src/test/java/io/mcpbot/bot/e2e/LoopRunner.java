package io.mcpbot.bot.e2e;

import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.agent.TurnListener;
import io.mcpbot.core.agent.TurnResult;
import io.mcpbot.core.agent.TurnRunner;
import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.llm.ToolDefinition;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.mcp.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal model/tool loop (history in memory) standing in for the core agent where a test needs
 * no persistence: the user's catalog from the pool, the provider over HTTP, tool calls on the
 * user's own sessions. Thread-safe.
 */
final class LoopRunner implements TurnRunner {
  private final SessionPool pool;
  private final LlmProvider provider;
  private final Map<String, List<ChatMessage>> history = new ConcurrentHashMap<>();

  LoopRunner(SessionPool pool, LlmProvider provider) {
    this.pool = pool;
    this.provider = provider;
  }

  @Override
  public TurnResult run(TurnInput input, TurnListener listener) {
    String key = input.slackUserId() + "/" + input.channelId() + "/" + input.threadTs();
    List<ChatMessage> messages = history.computeIfAbsent(key, k -> new ArrayList<>());
    synchronized (messages) {
      ToolCatalog catalog = pool.catalog(input.slackUserId());
      List<ToolDefinition> tools = new ArrayList<>();
      for (McpTool t : catalog.tools()) {
        tools.add(new ToolDefinition(t.qualifiedName(), t.description(), t.inputSchema()));
      }
      messages.add(new ChatMessage.User(input.text()));
      int calls = 0;
      for (int step = 1; step <= 8; step++) {
        listener.thinking();
        ChatResponse r = provider.chat(new ChatRequest("scripted", messages, tools, 512, null));
        messages.add(r.toMessage());
        if (r.toolCalls().isEmpty()) {
          listener.answerReady();
          return new TurnResult(
              r.text() == null ? "" : r.text(), catalog.problems(), step, calls, r.usage());
        }
        for (ToolCall call : r.toolCalls()) {
          McpTool tool = catalog.find(call.name()).orElse(null);
          String server = tool == null ? "?" : tool.server();
          String name = tool == null ? call.name() : tool.tool();
          listener.toolStarted(server, name);
          ToolResult result = pool.call(input.slackUserId(), call.name(), call.arguments());
          calls++;
          listener.toolFinished(server, name, !result.isError(), Duration.ZERO);
          messages.add(
              new ChatMessage.ToolResult(
                  call.id(), call.name(), result.asText(), result.isError()));
        }
      }
      throw new IllegalStateException("step limit");
    }
  }
}
