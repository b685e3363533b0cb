package io.mcpbot.core.mcp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mcpbot.core.mcp.ToolContent;
import io.mcpbot.core.mcp.ToolOutcome;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Maps SDK tool results and schemas to our provider-neutral types. Stateless, thread-safe. */
public final class Results {
  private Results() {}

  public static ToolOutcome map(McpSchema.CallToolResult r, ObjectMapper json) {
    return map(r, json, UnaryOperator.identity());
  }

  /**
   * Maps {@code r} with every text (contents, resource texts, structured string values) passed
   * through {@code mask}: a server echoing its environment must not hand the user's credential to
   * the model, the database or Slack.
   */
  public static ToolOutcome map(
      McpSchema.CallToolResult r, ObjectMapper json, UnaryOperator<String> mask) {
    List<ToolContent> out = new ArrayList<>();
    if (r.content() != null) {
      for (McpSchema.Content c : r.content()) {
        out.add(masked(content(c), mask));
      }
    }
    JsonNode structured =
        r.structuredContent() == null
            ? null
            : maskStrings(json.valueToTree(r.structuredContent()), mask);
    return new ToolOutcome(Boolean.TRUE.equals(r.isError()), out, structured);
  }

  private static ToolContent masked(ToolContent c, UnaryOperator<String> mask) {
    return switch (c) {
      case ToolContent.Text t -> new ToolContent.Text(mask.apply(t.text()));
      case ToolContent.Resource res when res.text() != null ->
          new ToolContent.Resource(
              mask.apply(res.uri()), res.mimeType(), mask.apply(res.text()), res.blob());
      default -> c;
    };
  }

  private static JsonNode maskStrings(JsonNode n, UnaryOperator<String> mask) {
    if (n.isTextual()) {
      return TextNode.valueOf(mask.apply(n.textValue()));
    }
    if (n instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      names.forEach(k -> o.set(k, maskStrings(o.get(k), mask)));
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, maskStrings(a.get(i), mask));
      }
    }
    return n;
  }

  private static ToolContent content(McpSchema.Content c) {
    return switch (c) {
      case McpSchema.TextContent t -> new ToolContent.Text(t.text() == null ? "" : t.text());
      case McpSchema.ImageContent i -> new ToolContent.Image(i.mimeType(), i.data());
      case McpSchema.AudioContent a -> new ToolContent.Text("[audio " + a.mimeType() + " omitted]");
      case McpSchema.EmbeddedResource e ->
          switch (e.resource()) {
            case McpSchema.TextResourceContents t ->
                new ToolContent.Resource(t.uri(), t.mimeType(), t.text(), null);
            case McpSchema.BlobResourceContents b ->
                new ToolContent.Resource(b.uri(), b.mimeType(), null, b.blob());
            default -> new ToolContent.Text("[resource " + e.resource().uri() + "]");
          };
      case McpSchema.ResourceLink l ->
          new ToolContent.Text(
              "[resource link " + l.uri() + (l.name() == null ? "" : " " + l.name()) + "]");
      default -> new ToolContent.Text(String.valueOf(c));
    };
  }

  public static JsonNode schema(McpSchema.Tool tool, ObjectMapper json) {
    JsonNode n = tool.inputSchema() == null ? null : json.valueToTree(tool.inputSchema());
    if (n == null || n.isNull() || n.isEmpty()) {
      return json.createObjectNode().put("type", "object");
    }
    if (n.isObject()) {
      // JsonSchema records serialize null members; LLM providers reject "required": null
      var o = (com.fasterxml.jackson.databind.node.ObjectNode) n;
      List<String> nulls = new ArrayList<>();
      o.fields()
          .forEachRemaining(
              en -> {
                if (en.getValue().isNull()) nulls.add(en.getKey());
              });
      nulls.forEach(o::remove);
    }
    return n;
  }
}
