package io.mcpbot.cli.http;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.oauth.OAuthConnections;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the {@code /oauth/...} routes serve from: the connections they drive, the active remote
 * server of a name, the signed Connect links the start route verifies, and the Client ID Metadata
 * Document. Immutable; only {@code clientMetadata} may be null (then none is served).
 *
 * @param oauth the connections the routes drive
 * @param servers the active remote server of a name
 * @param links the signed Connect links
 * @param clientMetadata the document served at {@link HttpEndpoint#CLIENT_METADATA_PATH}, or null
 */
public record OAuthSite(
    OAuthConnections oauth,
    Function<String, Optional<RemoteServer>> servers,
    StartLinks links,
    Supplier<String> clientMetadata) {
  public OAuthSite {
    Objects.requireNonNull(oauth, "oauth");
    Objects.requireNonNull(servers, "servers");
    Objects.requireNonNull(links, "links");
  }
}
