package io.mcpbot.core.agent;

import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ChatRequest;
import io.mcpbot.core.llm.ChatResponse;
import io.mcpbot.core.llm.LlmProvider;
import io.mcpbot.core.llm.StopReason;
import io.mcpbot.core.llm.TokenUsage;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.llm.ToolDefinition;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.ServerProblem;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.metrics.BotMetrics;
import io.mcpbot.core.store.Conversation;
import io.mcpbot.core.store.MessageRole;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.TurnUsage;
import io.mcpbot.core.store.User;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The turn: loads the user, the conversation's history and the user's tools, then asks the model
 * and runs the tools it calls on that user's own sessions until it answers or the step limit is
 * reached. Every message is persisted as it happens (the user's first, the answer last), so a
 * follow-up in the thread sees the whole exchange, also after a restart. Thread-safe: holds no
 * per-turn state; callers serialise turns of one conversation.
 */
public final class Agent implements TurnRunner {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final Store store;
  private final SessionPool pool;
  private final LlmProvider provider;
  private final AgentConfig config;
  private final Clock clock;
  private final ToolRunner tools;
  private final BotMetrics metrics;

  public Agent(Store store, SessionPool pool, LlmProvider provider, AgentConfig config) {
    this(store, pool, provider, config, Clock.systemUTC());
  }

  /** As above with the clock for the prompt's date and audit timestamps injected (tests). */
  public Agent(
      Store store, SessionPool pool, LlmProvider provider, AgentConfig config, Clock clock) {
    this(store, pool, provider, config, clock, BotMetrics.NONE);
  }

  /** As above, recording turn, model and tool-call metrics into {@code metrics}. */
  public Agent(
      Store store,
      SessionPool pool,
      LlmProvider provider,
      AgentConfig config,
      Clock clock,
      BotMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.store = Objects.requireNonNull(store, "store");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tools =
        new ToolRunner(
            store,
            pool,
            clock,
            metrics,
            new ApprovalGate(store, clock, config.approvalTimeout(), metrics));
  }

  /** The configuration this agent runs with. */
  public AgentConfig config() {
    return config;
  }

  @Override
  public TurnResult run(TurnInput input, TurnListener listener) {
    long t0 = System.nanoTime();
    boolean ok = false;
    try {
      TurnResult result = turn(input, listener);
      ok = true;
      return result;
    } finally {
      metrics.turn(Duration.ofNanos(System.nanoTime() - t0), ok);
    }
  }

  private TurnResult turn(TurnInput input, TurnListener listener) {
    TurnListener l = listener == null ? TurnListener.NONE : listener;
    // one transaction: the user's message is committed before anything slow happens
    Started start = store.inTransaction(tx -> start(tx, input));
    User user = start.user();
    Conversation conv = start.conversation();

    List<ChatMessage> messages = new ArrayList<>();
    ToolCatalog catalog = pool.catalog(input.slackUserId());
    ToolRunner.announceAuthorization(l, catalog);
    // Tools sorted by name: the prompt and the tool list are the provider's cacheable prefix and
    // must be byte-identical from step to step and turn to turn.
    List<McpTool> sorted =
        catalog.tools().stream().sorted(Comparator.comparing(McpTool::qualifiedName)).toList();
    messages.add(new ChatMessage.System(systemPrompt(user, sorted, catalog.problems())));
    if (input.context() != null) {
      // A message of its own after the stable prompt: the cached prefix (tools, that prompt) stays
      // byte-identical whatever the note says, and the note is never stored as the user's words.
      messages.add(new ChatMessage.System(input.context()));
    }
    messages.addAll(
        History.fromStored(
            store.conversations().recent(conv.id(), AgentConfig.HISTORY_MESSAGES),
            AgentConfig.HISTORY_MESSAGES,
            AgentConfig.HISTORY_CHARS));
    List<ToolDefinition> definitions =
        sorted.stream()
            .map(t -> new ToolDefinition(t.qualifiedName(), t.description(), t.inputSchema()))
            .toList();
    ToolRunner.Caller caller = new ToolRunner.Caller(input.slackUserId(), user.id(), conv.id(), l);

    TokenUsage usage = TokenUsage.NONE;
    int toolCalls = 0;
    Set<String> done = new LinkedHashSet<>();
    for (int step = 1; step <= config.stepLimit(); step++) {
      Listeners.thinking(l);
      ChatResponse response;
      long m0 = System.nanoTime();
      try {
        response =
            provider.chat(
                new ChatRequest(config.model(), messages, definitions, config.maxTokens(), null),
                piece -> Listeners.textDelta(l, piece));
      } catch (RuntimeException e) {
        modelMetrics(m0, false, TokenUsage.NONE);
        recordUsage(user, conv, usage); // the steps before still cost tokens
        throw e;
      }
      modelMetrics(m0, true, response.usage());
      usage = usage.plus(response.usage());
      if (response.toolCalls().isEmpty()) {
        return finish(user, conv, l, answerText(response), catalog, step, toolCalls, usage);
      }
      ChatMessage.Assistant assistant = response.toMessage();
      store.useTransaction(
          tx ->
              tx.conversations()
                  .append(
                      conv.id(),
                      MessageRole.ASSISTANT,
                      assistant.text(),
                      History.toolCallsJson(assistant.toolCalls()),
                      null,
                      false));
      messages.add(assistant);
      List<ChatMessage.ToolResult> results =
          tools.run(
              caller,
              catalog,
              response.toolCalls(),
              true,
              config.maxToolResultChars(),
              config.maxToolCallsPerStep());
      store.useTransaction(
          tx -> {
            for (ChatMessage.ToolResult r : results) {
              tx.conversations()
                  .append(
                      conv.id(), MessageRole.TOOL, r.content(), null, r.toolCallId(), r.isError());
            }
          });
      messages.addAll(results);
      toolCalls += results.size();
      response.toolCalls().stream().map(ToolCall::name).forEach(done::add);
    }
    LOG.debug("turn hit the step limit of {}", config.stepLimit());
    String note =
        AgentConfig.STEP_LIMIT_NOTE
            .replace("{steps}", Integer.toString(config.stepLimit()))
            .replace("{done}", done.isEmpty() ? "nothing" : "called " + String.join(", ", done));
    return finish(user, conv, l, note, catalog, config.stepLimit(), toolCalls, usage);
  }

  private record Started(User user, Conversation conversation) {}

  /**
   * Finds the user (the turn's one user lookup; created on first contact), marks them seen, finds
   * or creates the conversation and stores the user's message.
   */
  private static Started start(Store tx, TurnInput input) {
    User user =
        tx.users()
            .findBySlackId(input.slackUserId())
            .orElseGet(() -> tx.users().upsert(input.slackUserId(), null));
    tx.users().touchLastSeen(user.id());
    Conversation conv =
        tx.conversations().findOrCreate(user.id(), input.channelId(), input.threadTs());
    tx.conversations().append(conv.id(), MessageRole.USER, input.text(), null, null, false);
    return new Started(user, conv);
  }

  private TurnResult finish(
      User user,
      Conversation conv,
      TurnListener l,
      String text,
      ToolCatalog catalog,
      int steps,
      int toolCalls,
      TokenUsage usage) {
    String answer = text + unavailableNote(catalog.problems());
    store.useTransaction(
        tx -> {
          tx.conversations().append(conv.id(), MessageRole.ASSISTANT, answer, null, null, false);
          tx.turnUsage().record(turnUsage(user, conv, usage));
        });
    Listeners.answerReady(l);
    return new TurnResult(answer, catalog.problems(), steps, toolCalls, usage);
  }

  private void modelMetrics(long startNanos, boolean ok, TokenUsage u) {
    metrics.modelCall(
        provider.name(),
        config.model(),
        Duration.ofNanos(System.nanoTime() - startNanos),
        ok,
        u.inputTokens(),
        u.cachedInputTokens(),
        u.outputTokens());
  }

  /** Written once per turn, with the answer, or alone when the turn failed after some steps. */
  private void recordUsage(User user, Conversation conv, TokenUsage usage) {
    if (usage.inputTokens() + usage.outputTokens() > 0) {
      store.turnUsage().record(turnUsage(user, conv, usage));
    }
  }

  private TurnUsage turnUsage(User user, Conversation conv, TokenUsage usage) {
    return new TurnUsage(
        user.id(),
        conv.id(),
        provider.name(),
        config.model(),
        usage.inputTokens(),
        usage.cachedInputTokens(),
        usage.outputTokens(),
        clock.instant());
  }

  /**
   * The final step's text as streamed (so the answer begins with exactly the pieces the front end
   * showed), with a note when the model said nothing or hit the token limit.
   */
  private static String answerText(ChatResponse response) {
    String text = response.text() == null ? "" : response.text();
    if (text.isBlank()) {
      text = "(The model returned an empty answer. Try rephrasing the request.)";
    }
    if (response.stopReason() == StopReason.MAX_TOKENS) {
      text += "\n\n(The answer was cut off at the output token limit.)";
    }
    return text;
  }

  /** One short note per turn naming every server that could not run, or "" when all ran. */
  static String unavailableNote(List<ServerProblem> problems) {
    if (problems.isEmpty()) {
      return "";
    }
    return "\n\nNote: "
        + problems.stream()
            .map(p -> p.server() + " is unavailable: " + p.reason())
            .collect(Collectors.joining("; "));
  }

  private String systemPrompt(User user, List<McpTool> tools, List<ServerProblem> problems) {
    String name = firstNonBlank(user.displayName(), user.realName(), user.slackUserId());
    return SystemPrompt.render(
        config.systemPrompt(),
        name,
        user.slackUserId(),
        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
        tools,
        problems);
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return "";
  }
}
