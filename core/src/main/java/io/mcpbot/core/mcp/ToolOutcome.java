package io.mcpbot.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one MCP tool call returned, provider-neutral. {@code isError} results (from the server or
 * from the pool: busy, timeout, crash) stay errors as a flag; the text never carries a marker.
 * Immutable; {@code structuredContent} nullable.
 */
public record ToolOutcome(boolean isError, List<ToolContent> content, JsonNode structuredContent) {
  public ToolOutcome {
    content = List.copyOf(content);
  }

  /** An error result carrying one explanatory text. */
  public static ToolOutcome error(String message) {
    return new ToolOutcome(true, List.of(new ToolContent.Text(message)), null);
  }

  /**
   * The content flattened to text for an LLM: texts verbatim, binaries described, not inlined. The
   * error flag is not rendered here: {@link #isError()} travels beside the text.
   */
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
    return body;
  }
}
