package io.mcpbot.core.mcp;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

  /** The host of {@link #url()}; empty when there is no URL or it does not parse. */
  public Optional<String> urlHost() {
    try {
      return Optional.ofNullable(url).map(URI::create).map(URI::getHost);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
