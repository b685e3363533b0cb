package io.mcpbot.core.config;

import java.util.Map;
import java.util.Objects;

/**
 * A remote streamable-HTTP server the bot connects to per user. Immutable and thread-safe; nothing
 * is null.
 *
 * @param name the key under {@code mcpServers}; also the tool-name prefix
 * @param url the endpoint, may contain placeholders
 * @param headers HTTP headers, values may contain placeholders
 * @param options what every server has
 */
public record RemoteServer(
    String name, String url, Map<String, String> headers, ServerOptions options)
    implements ServerDefinition {

  public RemoteServer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    headers = Map.copyOf(headers == null ? Map.of() : headers);
    options = options == null ? ServerOptions.NONE : options;
  }
}
