package io.mcpbot.core.oauth;

import io.mcpbot.core.config.OAuthClient;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.mcp.Fixtures;
import io.mcpbot.core.store.Grant;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/** One test's OAuth wiring: a store, a clock the test moves, flows, an authorizer. */
final class OAuthFixture {
  static final URI REDIRECT = URI.create("http://localhost:3999/oauth/callback");
  static final URI CLIENT_METADATA =
      URI.create("https://bot.example.com/oauth/client-metadata.json");
  static final String USER = "U1";

  final GrantStore store;
  final Fixtures.MutableClock clock = new Fixtures.MutableClock();
  final OAuthFlows flows;

  OAuthFixture() {
    this(Map.of());
  }

  OAuthFixture(Map<String, String> env) {
    this(new MemoryGrantStore(), env);
  }

  OAuthFixture(GrantStore store, Map<String, String> env) {
    this.store = store;
    Function<String, String> lookup = env::get;
    flows = new OAuthFlows(store, REDIRECT, CLIENT_METADATA, lookup, clock, null);
  }

  static RemoteServer server(String url) {
    return new RemoteServer("remote", url, Map.of(), null);
  }

  static RemoteServer server(String url, OAuthClient client) {
    return new RemoteServer("remote", url, Map.of(), null, client, null);
  }

  /** A server with a pre-registered client whose secret is in {@code REMOTE_SECRET}. */
  static RemoteServer preRegistered(String url, String... scopes) {
    return server(url, new OAuthClient("pre-client", "REMOTE_SECRET", java.util.List.of(scopes)));
  }

  /** Connects {@link #USER} to {@code server} the way the bot does: begin, browser, callback. */
  Grant connect(RemoteServer server) {
    new HeadlessUserAgent(REDIRECT).authorize(USER, server, flows.begin(USER, server, null), flows);
    return store.grant(USER, server.name()).orElseThrow();
  }
}
