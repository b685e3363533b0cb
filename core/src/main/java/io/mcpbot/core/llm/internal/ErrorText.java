package io.mcpbot.core.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.llm.ApiKey;
import java.time.Duration;

/** Turns provider bodies into short, key-free text for exception messages. */
final class ErrorText {
  private static final int SNIPPET = 200;
  private static final int PROVIDER_MESSAGE = 500;

  private ErrorText() {}

  /**
   * The provider's own error message: {@code error.message} (OpenAI, Groq, Anthropic), a string
   * {@code error} (Ollama) or a top-level {@code message}; else the start of the body.
   */
  static String providerMessage(ObjectMapper mapper, String body, ApiKey key) {
    String message = null;
    try {
      JsonNode root = mapper.readTree(body);
      if (root != null) {
        JsonNode error = root.path("error");
        if (error.isTextual()) {
          message = error.asText();
        } else if (error.path("message").isTextual()) {
          message = error.path("message").asText();
        } else if (root.path("message").isTextual()) {
          message = root.path("message").asText();
        }
      }
    } catch (Exception notJson) {
      // fall through to the raw body
    }
    if (message == null || message.isBlank()) {
      return body == null || body.isBlank() ? "(empty body)" : snippet(body, key);
    }
    return clean(message, key, PROVIDER_MESSAGE);
  }

  /**
   * A provider error code: OpenAI's {@code error.code} (e.g. insufficient_quota), Anthropic's
   * {@code error.details.error_code} (e.g. enforced_spend_limit_reached), else "".
   */
  static String providerCode(ObjectMapper mapper, String body) {
    try {
      JsonNode error = mapper.readTree(body).path("error");
      String code = error.path("code").asText("");
      return code.isEmpty() ? error.path("details").path("error_code").asText("") : code;
    } catch (Exception notJson) {
      return "";
    }
  }

  /** The first 200 characters of a body, whitespace collapsed, key removed. */
  static String snippet(String body, ApiKey key) {
    return body == null ? "" : clean(body, key, SNIPPET);
  }

  static String seconds(Duration d) {
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() < 1000
        ? d.toMillis() + "ms"
        : String.format("%.1fs", d.toMillis() / 1000.0);
  }

  private static String clean(String text, ApiKey key, int max) {
    String s = text.replaceAll("\\s+", " ").strip();
    if (key != null) {
      s = s.replace(key.reveal(), "<masked>");
    }
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }
}
