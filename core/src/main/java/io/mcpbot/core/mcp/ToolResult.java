package io.mcpbot.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Outcome of a tool call, provider-neutral. {@code isError} results (from the server or from the
 * pool: unknown tool, timeout, crash) stay errors. Immutable; {@code structuredContent} nullable.
 */
public record ToolResult(boolean isError, List<ToolContent> content, JsonNode structuredContent) {
  public ToolResult {
    content = List.copyOf(content);
  }

  /** An error result carrying one explanatory text. */
  public static ToolResult error(String message) {
    return new ToolResult(true, List.of(new ToolContent.Text(message)), null);
  }

  /** The result flattened to text for an LLM: texts verbatim, binaries described, not inlined. */
  public String asText() {
    String body =
        content.stream()
            .map(
                c ->
                    switch (c) {
                      case ToolContent.Text t -> t.text();
                      case ToolContent.Image i ->
                          "[image " + i.mimeType() + ", " + i.base64().length() + " base64 chars]";
                      case ToolContent.Resource r ->
                          r.text() != null
                              ? "[resource " + r.uri() + "]\n" + r.text()
                              : "[resource " + r.uri() + " " + r.mimeType() + " (binary)]";
                    })
            .collect(Collectors.joining("\n"));
    if (body.isEmpty() && structuredContent != null) {
      body = structuredContent.toString();
    }
    return isError ? "ERROR: " + body : body;
  }
}
