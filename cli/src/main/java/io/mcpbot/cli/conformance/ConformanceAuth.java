package io.mcpbot.cli.conformance;

import io.mcpbot.core.crypto.SecretBox;
import io.mcpbot.core.mcp.RemoteAuthorizer;
import io.mcpbot.core.oauth.HeadlessUserAgent;
import io.mcpbot.core.oauth.OAuthAuthorizer;
import io.mcpbot.core.oauth.OAuthFlows;
import io.mcpbot.core.oauth.StoredGrants;
import io.mcpbot.core.store.Store;
import java.net.URI;
import java.util.function.Function;

/**
 * The OAuth side of the conformance client: the production OAuth code ({@link OAuthFlows}, {@link
 * OAuthAuthorizer}, grants stored by {@link StoredGrants}) with a {@link HeadlessUserAgent} in
 * place of the browser. Stateless.
 */
final class ConformanceAuth {
  /** The Client ID Metadata Document URL the suite's CIMD scenario expects as client id. */
  static final URI CLIENT_METADATA_URL =
      URI.create("https://conformance-test.local/client-metadata.json");

  /** Never served: the headless agent stops at the redirect that points here. */
  static final URI REDIRECT_URI = URI.create("http://localhost:3000/oauth/callback");

  private ConformanceAuth() {}

  /**
   * The authorizer the conformance client's pool uses; {@code botEnv} holds a pre-registered
   * client's secret.
   */
  static RemoteAuthorizer authorizer(Store store, SecretBox box, Function<String, String> botEnv) {
    OAuthFlows flows =
        new OAuthFlows(new StoredGrants(store, box), REDIRECT_URI, CLIENT_METADATA_URL, botEnv);
    return new OAuthAuthorizer(flows, new HeadlessUserAgent(REDIRECT_URI));
  }
}
