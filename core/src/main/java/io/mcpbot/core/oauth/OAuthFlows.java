package io.mcpbot.core.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.mcpbot.core.config.Placeholders;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.AuthorizationRequiredException.Reason;
import io.mcpbot.core.metrics.BotMetrics;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.store.PendingAuthorization;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The OAuth 2.1 authorization code flow with PKCE for remote MCP servers, per user: discovery,
 * client identity, the pending authorization, the code exchange, and the grants' upkeep (refresh,
 * revocation) that {@link OAuthAuthorizer} relies on. Thread-safe; methods block on the network and
 * the {@link GrantStore}.
 */
public final class OAuthFlows implements OAuthConnections {
  /** How long a {@code state} is accepted. */
  static final Duration PENDING_TTL = Duration.ofMinutes(10);

  private final GrantStore store;
  private final URI redirectUri;
  private final Clock clock;
  private final Discovery discovery;
  private final ClientIdentity identity;
  private final TokenCalls tokens;
  private final Refresher refresher;
  // what each server's last challenge said, per user: discovery hints and step-up scopes
  private final Map<Key, Challenge> challenges = new ConcurrentHashMap<>();
  // the definitions seen, so a callback can find a pre-registered client's secret variable
  private final Map<String, RemoteServer> servers = new ConcurrentHashMap<>();

  record Key(String userId, String server) {}

  /**
   * @param store where grants, registered clients and pending authorizations live
   * @param redirectUri {@code <PUBLIC_URL>/oauth/callback}
   * @param clientMetadataUrl the URL the bot serves its Client ID Metadata Document at, or null to
   *     never use one
   * @param env the bot environment, for pre-registered clients' secrets
   */
  public OAuthFlows(
      GrantStore store, URI redirectUri, URI clientMetadataUrl, Function<String, String> env) {
    this(store, redirectUri, clientMetadataUrl, env, Clock.systemUTC(), null);
  }

  /** As above with a clock (tests move time) and an HTTP client (null: a default one). */
  public OAuthFlows(
      GrantStore store,
      URI redirectUri,
      URI clientMetadataUrl,
      Function<String, String> env,
      Clock clock,
      HttpClient httpClient) {
    this.store = store;
    this.redirectUri = redirectUri;
    this.clock = clock;
    OAuthHttp http = httpClient == null ? OAuthHttp.create() : new OAuthHttp(httpClient);
    this.discovery = new Discovery(http, clock);
    this.identity = new ClientIdentity(store, http, redirectUri, clientMetadataUrl, env, clock);
    this.tokens = new TokenCalls(http, clock);
    this.refresher = new Refresher(store, this::renew, clock);
  }

  /** A refresh at the grant's authorization server, as the client the grant was issued to. */
  private Grant renew(Grant g, RemoteServer server) {
    AuthServer as = discovery.authServer(g.issuer());
    return tokens.refresh(g, as, identity.clientNamed(server, as, g.clientId()));
  }

  /** Counts token refreshes (renewed or refused) into {@code metrics}; call once while wiring. */
  public OAuthFlows metrics(BotMetrics metrics) {
    refresher.metrics(Objects.requireNonNull(metrics, "metrics"));
    return this;
  }

  /** The Client ID Metadata Document (JSON) the HTTP side serves at the client metadata URL. */
  public String clientMetadataDocument() {
    return identity.metadataDocument();
  }

  @Override
  public AuthorizationStart begin(String userId, RemoteServer server, String browserBinding) {
    remember(server);
    Challenge challenge = challenges.getOrDefault(new Key(userId, server.name()), Challenge.EMPTY);
    Discovery.Discovered d =
        discovery.discover(server.name(), serverUri(userId, server), challenge);
    AuthServer as = d.authServer();
    if (!as.supportsS256(d.metadataFound())) {
      throw new OAuthException(
          "the authorization server of server '"
              + server.name()
              + "' does not support PKCE with S256, which OAuth 2.1 requires: refusing to use it");
    }
    ClientIdentity.Client client = identity.clientFor(server, as);
    List<String> granted =
        challenge.insufficientScope()
            ? store.grant(userId, server.name()).map(g -> Scopes.split(g.scope())).orElse(List.of())
            : List.of();
    String scope =
        Scopes.select(
            challenge.scopes(),
            granted,
            server.oauth() == null ? List.of() : server.oauth().scopes(),
            d.resourceScopes(),
            as.scopes());
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    store.savePending(
        new PendingAuthorization(
            state.getValue(),
            userId,
            server.name(),
            verifier.getValue(),
            redirectUri.toString(),
            as.key(),
            client.clientId(),
            d.resource(),
            scope,
            browserBinding,
            clock.instant().plus(PENDING_TTL)));
    AuthorizationRequest.Builder request =
        new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(client.clientId()))
            .endpointURI(as.authorizationEndpoint())
            .redirectionURI(redirectUri)
            .state(state)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .resources(URI.create(d.resource()));
    if (scope != null) {
      request.scope(Scope.parse(scope));
    }
    return new AuthorizationStart(request.build().toURI(), state.getValue());
  }

  @Override
  public Completion complete(String state, String code, String error, String browserBinding) {
    PendingAuthorization p =
        state == null ? null : store.takePending(state, clock.instant()).orElse(null);
    if (p == null) {
      throw new OAuthException(
          "this authorization link is unknown, already used or expired: start again with Connect");
    }
    if (p.browserBinding() != null && !sameSecret(p.browserBinding(), browserBinding)) {
      throw new OAuthException(
          "this authorization was started in another browser session: start again with Connect");
    }
    if (error != null) {
      throw new OAuthException(
          "the authorization server of server '"
              + p.server()
              + "' did not authorize ("
              + Safe.code(error)
              + "): start again with Connect");
    }
    if (code == null || code.isBlank()) {
      throw new OAuthException(
          "the authorization callback carried no code: start again with Connect");
    }
    AuthServer as = discovery.authServer(p.issuer());
    ClientIdentity.Client client = identity.clientNamed(servers.get(p.server()), as, p.clientId());
    Grant grant = tokens.exchange(p, as, client, code);
    store.saveGrant(p.userId(), p.server(), grant);
    refresher.forget(new Key(p.userId(), p.server()));
    challenges.remove(new Key(p.userId(), p.server()));
    return new Completion(p.userId(), p.server());
  }

  @Override
  public Status status(String userId, RemoteServer server) {
    remember(server);
    Optional<Grant> grant = store.grant(userId, server.name());
    Challenge challenge = challenges.get(new Key(userId, server.name()));
    if (grant.isEmpty()) {
      return challenge != null || server.oauth() != null
          ? Status.NOT_CONNECTED
          : Status.NOT_REQUIRED;
    }
    if (Refresher.dead(grant.get(), clock.instant())) {
      return Status.NEEDS_RECONNECT;
    }
    if (challenge != null
        && challenge.insufficientScope()
        && !Scopes.covers(Scopes.split(grant.get().scope()), challenge.scopes())) {
      return Status.NEEDS_RECONNECT;
    }
    return Status.CONNECTED;
  }

  @Override
  public void disconnect(String userId, RemoteServer server) {
    remember(server);
    challenges.remove(new Key(userId, server.name()));
    Optional<Grant> grant = store.grant(userId, server.name());
    if (grant.isEmpty()) {
      return;
    }
    try {
      AuthServer as = discovery.authServer(grant.get().issuer());
      tokens.revoke(grant.get(), as, identity.clientNamed(server, as, grant.get().clientId()));
    } catch (RuntimeException e) {
      // the user asked to let go: a revocation that fails must not keep the grant
    } finally {
      store.deleteGrant(userId, server.name());
      refresher.forget(new Key(userId, server.name()));
    }
  }

  // ---- what OAuthAuthorizer uses ----

  /** The grant to send now, refreshed when near expiry; empty when the user has none. */
  Optional<Grant> currentGrant(String userId, RemoteServer server) {
    remember(server);
    return refresher.current(userId, server);
  }

  /** The stored grant as it is, without refreshing. */
  Optional<Grant> storedGrant(String userId, RemoteServer server) {
    return store.grant(userId, server.name());
  }

  /**
   * The server rejected the grant's token (401): refresh it once (shared with concurrent callers).
   *
   * @throws AuthorizationRequiredException RECONNECT when the grant cannot be refreshed
   */
  void refreshRejected(String userId, RemoteServer server) {
    remember(server);
    refresher.afterRejection(userId, server);
  }

  void rememberChallenge(String userId, RemoteServer server, Challenge challenge) {
    remember(server);
    challenges.put(new Key(userId, server.name()), challenge);
  }

  /** Count of refresh requests sent to token endpoints (benchmarks and tests read it). */
  long refreshCount() {
    return refresher.count();
  }

  private void remember(RemoteServer server) {
    servers.put(server.name(), server);
  }

  /**
   * The server's URL for this user: {@code ${user_id}} resolved (the resource differs per user when
   * the URL carries it); a URL still holding a placeholder (a credential) is not usable here.
   */
  static URI serverUri(String userId, RemoteServer server) {
    String url =
        Placeholders.resolve(server.url(), n -> Placeholders.USER_ID.equals(n) ? userId : null);
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("not absolute");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new OAuthException(
          "server '" + server.name() + "' has no absolute URL that OAuth discovery can use");
    }
  }

  static AuthorizationRequiredException reconnect(String server) {
    return new AuthorizationRequiredException(server, Reason.RECONNECT);
  }

  private static boolean sameSecret(String expected, String given) {
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
