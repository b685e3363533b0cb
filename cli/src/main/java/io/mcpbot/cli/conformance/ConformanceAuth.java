package io.mcpbot.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.config.OAuthClient;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.mcp.RemoteAuthorizer;
import io.mcpbot.core.oauth.HeadlessUserAgent;
import io.mcpbot.core.oauth.MemoryGrantStore;
import io.mcpbot.core.oauth.OAuthAuthorizer;
import io.mcpbot.core.oauth.OAuthFlows;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * The OAuth side of the conformance client: the production OAuth code ({@link OAuthFlows}, {@link
 * OAuthAuthorizer}) with a {@link HeadlessUserAgent} in place of the browser and grants in memory.
 * A scenario that hands over a pre-registered client in {@code MCP_CONFORMANCE_CONTEXT} gets it as
 * the server's {@code oauth} client, its secret served as an environment variable.
 */
final class ConformanceAuth {
  /** The Client ID Metadata Document URL the suite's CIMD scenario expects as client id. */
  static final URI CLIENT_METADATA_URL =
      URI.create("https://conformance-test.local/client-metadata.json");

  /** Never served: the headless agent stops at the redirect that points here. */
  static final URI REDIRECT_URI = URI.create("http://localhost:3000/oauth/callback");

  private static final String SECRET_VARIABLE = "MCP_CONFORMANCE_CLIENT_SECRET";

  private ConformanceAuth() {}

  /** The authorizer the conformance client's pool uses. */
  static RemoteAuthorizer authorizer() {
    JsonNode context = context(System.getenv("MCP_CONFORMANCE_CONTEXT"));
    String clientId = text(context, "client_id");
    String secret = text(context, "client_secret");
    OAuthFlows flows =
        new OAuthFlows(
            new MemoryGrantStore(),
            REDIRECT_URI,
            CLIENT_METADATA_URL,
            name -> SECRET_VARIABLE.equals(name) ? secret : null);
    RemoteAuthorizer authorizer = new OAuthAuthorizer(flows, new HeadlessUserAgent(REDIRECT_URI));
    if (clientId == null) {
      return authorizer;
    }
    OAuthClient client =
        new OAuthClient(clientId, secret == null ? null : SECRET_VARIABLE, List.of());
    return new RemoteAuthorizer() {
      @Override
      public String authorization(String userId, RemoteServer server) {
        return authorizer.authorization(userId, withClient(server, client));
      }

      @Override
      public boolean challenged(
          String userId, RemoteServer server, int status, String wwwAuthenticate) {
        return authorizer.challenged(userId, withClient(server, client), status, wwwAuthenticate);
      }
    };
  }

  private static RemoteServer withClient(RemoteServer s, OAuthClient client) {
    return s.oauth() != null
        ? s
        : new RemoteServer(s.name(), s.url(), s.headers(), s.transport(), client, s.options());
  }

  private static JsonNode context(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
