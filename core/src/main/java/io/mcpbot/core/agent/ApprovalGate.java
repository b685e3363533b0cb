package io.mcpbot.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpbot.core.llm.ToolCall;
import io.mcpbot.core.mcp.ArgumentMask;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.ToolHints;
import io.mcpbot.core.metrics.BotMetrics;
import io.mcpbot.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a tool call may run: by the server's approval policy and the tool's annotations,
 * then by a remembered "always allow" of the same definition, then by asking the user through the
 * turn's listener. Thread-safe (stateless apart from its collaborators).
 */
record ApprovalGate(Store store, Clock clock, Duration timeout, BotMetrics metrics) {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalGate.class);

  /** Null when the call may run; otherwise the tool result that tells the model why not. */
  String check(ToolRunner.Caller caller, McpTool tool, ToolCall call) {
    ToolHints h = tool.hints();
    if (!tool.approval().asks(tool.tool(), h != null, h == null ? null : h.readOnlyHint())) {
      return null;
    }
    String hash = definitionHash(tool);
    if (store.toolApprovals().allowed(caller.userId(), tool.server(), tool.tool(), hash)) {
      return null;
    }
    ToolApproval request =
        new ToolApproval(
            UUID.randomUUID().toString(),
            caller.slackUserId(),
            tool.server(),
            tool.tool(),
            tool.description(),
            ArgumentMask.of(tool, call.arguments()),
            h == null || h.destructive(),
            timeout);
    ApprovalDecision decision = ask(caller.listener(), request);
    LOG.debug("approval {} of {}: {}", request.id(), call.name(), decision);
    metrics.approval(decision.name().toLowerCase(java.util.Locale.ROOT));
    if (decision == ApprovalDecision.ALWAYS_ALLOW) {
      store
          .toolApprovals()
          .allowAlways(caller.userId(), tool.server(), tool.tool(), hash, clock.instant());
    }
    return decision.allows() ? null : forModel(call.name(), decision);
  }

  private static ApprovalDecision ask(TurnListener listener, ToolApproval request) {
    try {
      ApprovalDecision d = listener.approve(request);
      return d == null ? ApprovalDecision.NO_ANSWER : d;
    } catch (RuntimeException e) {
      LOG.warn("turn listener failed to ask for approval; denying: {}", e.toString());
      return ApprovalDecision.CANNOT_ASK;
    }
  }

  /** What the model hears when the call did not run; the turn goes on. */
  static String forModel(String name, ApprovalDecision decision) {
    String why =
        switch (decision) {
          case DENY -> "the user denied this call";
          case NO_ANSWER -> "the user did not answer the approval request in time";
          default -> "the user could not be asked to approve it";
        };
    return "The tool "
        + name
        + " was not run: "
        + why
        + ". It changes things, so it runs only with the user's approval. Do not retry it in this"
        + " turn; tell the user it was not run and go on without it.";
  }

  /**
   * SHA-256 of the tool's definition as the server describes it: name, description, input schema
   * and annotation hints, with object keys sorted so that key order does not count as a change.
   */
  static String definitionHash(McpTool tool) {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("name", tool.tool());
    d.put("description", tool.description());
    d.set("inputSchema", sorted(tool.inputSchema()));
    ToolHints h = tool.hints();
    if (h != null) {
      ObjectNode a = d.putObject("annotations");
      a.put("readOnlyHint", h.readOnlyHint());
      a.put("destructiveHint", h.destructiveHint());
      a.put("idempotentHint", h.idempotentHint());
      a.put("openWorldHint", h.openWorldHint());
    }
    try {
      byte[] sha =
          MessageDigest.getInstance("SHA-256")
              .digest(d.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      Map<String, JsonNode> keys = new TreeMap<>();
      n.properties().forEach(e -> keys.put(e.getKey(), sorted(e.getValue())));
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      keys.forEach(o::set);
      return o;
    }
    if (n.isArray()) {
      var a = JsonNodeFactory.instance.arrayNode();
      n.forEach(v -> a.add(sorted(v)));
      return a;
    }
    return n;
  }
}
