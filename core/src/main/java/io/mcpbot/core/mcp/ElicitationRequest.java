package io.mcpbot.core.mcp;

import java.util.Map;
import java.util.Objects;

/**
 * One elicitation a server sent during a call. Immutable. In {@link Mode#FORM} mode {@code
 * requestedSchema} is the JSON schema of the wanted values (an object of flat properties) and
 * {@code url}/{@code elicitationId} are null; in {@link Mode#URL} mode the schema is empty and the
 * user is to open {@code url}.
 *
 * @param server the server that asks (its key in servers_config.json)
 * @param mode form or URL
 * @param message what the server says to the user, never null
 * @param requestedSchema the requested schema as a JSON-like map, never null
 * @param url the URL to open (URL mode), else null
 * @param elicitationId the server's id of this elicitation (URL mode), else null
 */
public record ElicitationRequest(
    String server,
    Mode mode,
    String message,
    Map<String, Object> requestedSchema,
    String url,
    String elicitationId) {
  /** The two elicitation modes of MCP 2025-11-25. */
  public enum Mode {
    FORM,
    URL
  }

  public ElicitationRequest {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(mode, "mode");
    message = message == null ? "" : message;
    requestedSchema = requestedSchema == null ? Map.of() : requestedSchema;
  }
}
