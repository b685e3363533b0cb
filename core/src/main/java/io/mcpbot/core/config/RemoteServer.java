package io.mcpbot.core.config;

import io.mcpbot.core.Require;
import java.util.Map;

/**
 * A remote MCP server the bot connects to per user. Immutable and thread-safe; only {@code oauth}
 * may be null.
 *
 * @param name the key under {@code mcpServers}; also the tool-name prefix
 * @param url the endpoint exactly as configured (path and query kept), may contain placeholders
 * @param headers HTTP headers, values may contain placeholders
 * @param transport streamable HTTP, legacy SSE, or probe both
 * @param oauth a pre-registered OAuth client, or null (the bot uses a Client ID Metadata Document
 *     or dynamic registration when the server asks for authorization)
 * @param options what every server has
 */
public record RemoteServer(
    String name,
    String url,
    Map<String, String> headers,
    RemoteTransport transport,
    OAuthClient oauth,
    ServerOptions options)
    implements ServerDefinition {

  public RemoteServer {
    Require.nonNull("name, url", name, url);
    headers = Require.copyOrEmpty(headers);
    transport = transport == null ? RemoteTransport.AUTO : transport;
    options = options == null ? ServerOptions.NONE : options;
  }

  /** A server probed for its transport, with no pre-registered OAuth client. */
  public RemoteServer(String name, String url, Map<String, String> headers, ServerOptions options) {
    this(name, url, headers, RemoteTransport.AUTO, null, options);
  }
}
