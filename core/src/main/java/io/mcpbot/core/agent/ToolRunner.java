package io.mcpbot.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.core.llm.ChatMessage;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import io.mcpbot.core.mcp.Elicitor;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.ServerProblem;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.mcp.ToolOutcome;
import io.mcpbot.core.metrics.BotMetrics;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.ToolCallAudit;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tool calls of one model response on one user's sessions (concurrently on virtual threads
 * when allowed), audits each call and turns every outcome, including unknown tools and malformed
 * arguments, into a tool result for the model. Stateless apart from its collaborators; thread-safe.
 */
record ToolRunner(
    Store store, SessionPool pool, Clock clock, BotMetrics metrics, ApprovalGate approvals) {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRunner.class);
  private static final int AUDIT_ERROR_CHARS = 200;

  /** Who is calling: the pool's user key, the stored user and conversation. */
  record Caller(String slackUserId, long userId, long conversationId, TurnListener listener) {}

  /**
   * Runs the first {@code cap} of {@code calls} and returns one result per call, in call order;
   * calls past the cap are not run and get an error result naming the cap.
   */
  List<ChatMessage.ToolResult> run(
      Caller caller,
      ToolCatalog catalog,
      List<ToolCall> calls,
      boolean parallel,
      int maxChars,
      int cap) {
    if (calls.size() > cap) {
      LOG.debug("{} tool calls in one step, {} over the cap", calls.size(), calls.size() - cap);
      List<ChatMessage.ToolResult> out =
          new ArrayList<>(run(caller, catalog, calls.subList(0, cap), parallel, maxChars, cap));
      calls.subList(cap, calls.size()).stream()
          .map(c -> error(c, "too many tool calls in one step (cap " + cap + ")"))
          .forEach(out::add);
      return out;
    }
    if (!parallel || calls.size() == 1) {
      return calls.stream().map(c -> one(caller, catalog, c, maxChars)).toList();
    }
    List<Future<ChatMessage.ToolResult>> futures = new ArrayList<>();
    try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      for (ToolCall c : calls) {
        futures.add(exec.submit(() -> one(caller, catalog, c, maxChars)));
      }
    }
    List<ChatMessage.ToolResult> out = new ArrayList<>();
    for (Future<ChatMessage.ToolResult> f : futures) {
      if (f.state() == Future.State.FAILED && f.exceptionNow() instanceof RuntimeException e) {
        throw e; // the audit insert failed: the database is down, which ends the turn
      }
      out.add(f.resultNow());
    }
    return out;
  }

  private ChatMessage.ToolResult one(Caller caller, ToolCatalog catalog, ToolCall call, int max) {
    McpTool tool = catalog.find(call.name()).orElse(null);
    if (tool == null) {
      String[] parts = splitName(call.name());
      Listeners.started(caller.listener(), parts[0], parts[1]);
      Listeners.finished(caller.listener(), parts[0], parts[1], false, Duration.ZERO);
      String available =
          catalog.tools().isEmpty()
              ? "none"
              : catalog.tools().stream()
                  .map(McpTool::qualifiedName)
                  .collect(Collectors.joining(", "));
      return error(call, "unknown tool " + call.name() + "; available: " + available);
    }
    // asked before anything runs; a call with malformed arguments does not run anyway
    String refused = call.hasMalformedArguments() ? null : approvals.check(caller, tool, call);
    if (refused != null) {
      audit(caller, tool, clock.instant(), Duration.ZERO, false, "not approved", call);
      return error(call, refused);
    }
    Listeners.started(caller.listener(), tool.server(), tool.tool());
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    boolean ok;
    String text;
    if (call.hasMalformedArguments()) {
      ok = false;
      text =
          "the arguments for "
              + call.name()
              + " were not valid JSON, so the tool was not called; call it again with a JSON"
              + " object matching its input schema";
    } else {
      ToolOutcome result;
      try {
        result = pool.call(caller.slackUserId(), tool, call.arguments(), elicitor(caller));
        // the pool reports a session it could not open as an error outcome with the message
        if (result.isError() && authorizationMessage(tool.server(), result.asText())) {
          authorizationNeeded(caller.listener(), tool.server(), result.asText());
          result = ToolOutcome.error(forModel(tool.server(), result.asText()));
        }
      } catch (AuthorizationRequiredException e) {
        authorizationNeeded(caller.listener(), e.server(), e.getMessage());
        result = ToolOutcome.error(forModel(e.server(), e.getMessage()));
      }
      ok = !result.isError();
      text = result.asText();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    audit(caller, tool, started, took, ok, ok ? null : auditError(text, call.arguments()), call);
    Listeners.finished(caller.listener(), tool.server(), tool.tool(), ok, took);
    metrics.toolCall(tool.server(), ok, took);
    LOG.debug("tool {} ok={} in {} ms", call.name(), ok, took.toMillis());
    String content = truncate(text, max);
    return new ChatMessage.ToolResult(call.id(), call.name(), content, !ok);
  }

  private void audit(
      Caller caller,
      McpTool tool,
      Instant started,
      Duration took,
      boolean ok,
      String error,
      ToolCall call) {
    int argumentBytes = call.arguments().toString().getBytes(StandardCharsets.UTF_8).length;
    store
        .toolCalls()
        .record(
            new ToolCallAudit(
                caller.userId(),
                caller.conversationId(),
                tool.server(),
                tool.tool(),
                started,
                took.toMillis(),
                ok,
                error,
                argumentBytes));
  }

  // the turn's listener asks the user; the pool answers cancel when it throws
  private static Elicitor elicitor(Caller caller) {
    TurnListener l = caller.listener();
    return new Elicitor() {
      @Override
      public ElicitationAnswer elicit(ElicitationRequest request) {
        return l.elicit(request);
      }

      @Override
      public void completed(String server, String elicitationId) {
        l.elicitationComplete(server, elicitationId);
      }
    };
  }

  /**
   * Tells the listener about every server in {@code catalog} that could not open because the user
   * must connect it (a {@link ServerProblem} with its {@link ServerProblem#authorization()}
   * reason); the other problems, and the other servers, are left as they are.
   */
  static void announceAuthorization(TurnListener listener, ToolCatalog catalog) {
    for (ServerProblem p : catalog.problems()) {
      if (p.authorization() != null) {
        authorizationNeeded(listener, p.server(), p.reason());
      }
    }
  }

  /** True when {@code text} is what {@link AuthorizationRequiredException} says for server. */
  static boolean authorizationMessage(String server, String text) {
    for (AuthorizationRequiredException.Reason r : AuthorizationRequiredException.Reason.values()) {
      if (new AuthorizationRequiredException(server, r).getMessage().equals(text)) {
        return true;
      }
    }
    return false;
  }

  // The model hears what the user must do, so it can say so instead of retrying the tool.
  private static String forModel(String server, String message) {
    return message
        + ". The user has been sent a Connect button for '"
        + server
        + "'; do not retry this tool in this turn: tell the user to connect it and ask again.";
  }

  private static void authorizationNeeded(TurnListener listener, String server, String message) {
    try {
      listener.authorizationNeeded(server, message);
    } catch (RuntimeException e) {
      LOG.warn("turn listener failed; ignoring: {}", e.toString());
    }
  }

  private static ChatMessage.ToolResult error(ToolCall call, String message) {
    return new ChatMessage.ToolResult(call.id(), call.name(), message, true);
  }

  /** Cuts {@code text} to {@code max} characters and says how much was cut. */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int cut = text.length() - max;
    return text.substring(0, max)
        + "\n[truncated: "
        + cut
        + " of "
        + text.length()
        + " characters cut; ask for a narrower result if you need the rest]";
  }

  /**
   * The error text for the audit row, short, with every argument string value masked: a server's
   * error may quote its arguments, and the audit must never hold argument values.
   */
  static String auditError(String text, JsonNode arguments) {
    String out = text.length() > AUDIT_ERROR_CHARS ? text.substring(0, AUDIT_ERROR_CHARS) : text;
    Set<String> values = new HashSet<>();
    collectValues(arguments, values);
    for (String v : values) {
      out = out.replace(v, "<argument>");
    }
    return out;
  }

  private static void collectValues(JsonNode node, Set<String> into) {
    if (node.isValueNode()) {
      String s = node.asText();
      if (s.length() >= 3) {
        into.add(s);
      }
    } else {
      node.forEach(child -> collectValues(child, into));
    }
  }

  /** {@code server__tool} as [server, tool]; a name without the separator has no server. */
  private static String[] splitName(String name) {
    int i = name.indexOf("__");
    return i > 0
        ? new String[] {name.substring(0, i), name.substring(i + 2)}
        : new String[] {"", name};
  }
}
