package io.mcpbot.core.mcp;

import java.util.Objects;

/** One piece of a tool result, provider-neutral. Immutable. */
public sealed interface ToolContent {

  /** Plain text. */
  record Text(String text) implements ToolContent {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** An image as base64 data. */
  record Image(String mimeType, String base64) implements ToolContent {
    public Image {
      Objects.requireNonNull(base64, "base64");
      mimeType = mimeType == null ? "application/octet-stream" : mimeType;
    }
  }

  /** An embedded resource: exactly one of {@code text} or {@code blob} (base64) is usually set. */
  record Resource(String uri, String mimeType, String text, String blob) implements ToolContent {
    public Resource {
      Objects.requireNonNull(uri, "uri");
    }
  }
}
