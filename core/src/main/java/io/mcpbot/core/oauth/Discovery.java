package io.mcpbot.core.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a remote server's authorization server as the MCP authorization spec (2025-11-25) orders
 * it: Protected Resource Metadata (RFC 9728) from the challenge's {@code resource_metadata}, else
 * the path-aware then the root well-known location; then the authorization server's metadata (RFC
 * 8414, with the OpenID Connect discovery fallback); without PRM, the 2025-03-26 behaviour (the
 * server's base URL as authorization server, its metadata, else the default endpoints).
 * Authorization server metadata is cached per issuer, bounded. Thread-safe.
 */
final class Discovery {
  /** What discovery found for one server. */
  record Discovered(
      AuthServer authServer, String resource, List<String> resourceScopes, boolean metadataFound) {}

  private static final int CACHE_ENTRIES = 256;
  private static final Duration CACHE_TTL = Duration.ofHours(1);

  private record Cached(AuthServer server, Instant until) {}

  private final OAuthHttp http;
  private final Clock clock;
  private final Map<String, Cached> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > CACHE_ENTRIES;
        }
      };

  Discovery(OAuthHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /**
   * Discovers the authorization server for {@code serverUrl}.
   *
   * @throws OAuthException when the metadata is missing or unusable, or names another resource
   */
  Discovered discover(String serverName, URI serverUrl, Challenge challenge) {
    Optional<Map<String, Object>> prm = protectedResource(serverUrl, challenge);
    if (prm.isEmpty()) {
      // 2025-03-26: the MCP server's base URL is the authorization server
      URI base = URI.create(OAuthHttp.hostOf(serverUrl));
      Optional<AuthServer> found = authServer(base, false);
      return new Discovered(
          found.orElseGet(() -> AuthServer.defaults(base)),
          Resources.canonical(serverUrl),
          List.of(),
          found.isPresent());
    }
    Map<String, Object> doc = prm.get();
    String resource = string(doc.get("resource"));
    if (resource != null && !Resources.covers(resource, serverUrl)) {
      throw new OAuthException(
          "server '"
              + serverName
              + "' publishes protected resource metadata for "
              + resource
              + ", not for its own URL: refusing to authorize");
    }
    List<String> servers = strings(doc.get("authorization_servers"));
    if (servers.isEmpty()) {
      throw new OAuthException(
          "server '" + serverName + "' names no authorization server in its resource metadata");
    }
    URI issuer = URI.create(servers.getFirst());
    AuthServer as =
        authServer(issuer, true)
            .orElseThrow(
                () ->
                    new OAuthException(
                        "authorization server "
                            + OAuthHttp.hostOf(issuer)
                            + " of server '"
                            + serverName
                            + "' publishes no usable metadata"));
    return new Discovered(
        as,
        resource != null ? resource : Resources.canonical(serverUrl),
        strings(doc.get("scopes_supported")),
        true);
  }

  /** The authorization server whose grants name {@code key}: cached, else discovered again. */
  AuthServer authServer(String key) {
    URI uri = URI.create(key);
    return authServer(uri, false).orElseGet(() -> AuthServer.defaults(uri));
  }

  private Optional<AuthServer> authServer(URI issuer, boolean checkIssuer) {
    String key = issuer.toString();
    synchronized (cache) {
      Cached c = cache.get(key);
      if (c != null && c.until().isAfter(clock.instant())) {
        return Optional.of(c.server());
      }
    }
    for (URI candidate : Resources.authServerMetadataUrls(issuer)) {
      HTTPResponse r = http.get(candidate);
      if (r.getStatusCode() != 200) {
        continue;
      }
      try {
        Issuer named = AuthServer.issuerOf(r.getBody());
        if (checkIssuer && !Resources.sameUrl(named.getValue(), key)) {
          throw new OAuthException(
              "authorization server metadata at "
                  + OAuthHttp.hostOf(candidate)
                  + " names another issuer: refusing it (RFC 8414)");
        }
        AuthServer as = AuthServer.parse(key, r.getBody());
        synchronized (cache) {
          cache.put(key, new Cached(as, clock.instant().plus(CACHE_TTL)));
        }
        return Optional.of(as);
      } catch (ParseException e) {
        // a malformed document at one location: the next location may hold the real one
      }
    }
    return Optional.empty();
  }

  private Optional<Map<String, Object>> protectedResource(URI serverUrl, Challenge challenge) {
    List<URI> candidates = new ArrayList<>();
    if (challenge.resourceMetadata() != null) {
      candidates.add(serverUrl.resolve(challenge.resourceMetadata()));
    }
    candidates.addAll(Resources.protectedResourceUrls(serverUrl));
    for (URI candidate : candidates) {
      HTTPResponse r = http.get(candidate);
      if (r.getStatusCode() != 200) {
        continue;
      }
      try {
        return Optional.of(JSONObjectUtils.parse(r.getBody()));
      } catch (ParseException e) {
        // not JSON: try the next location
      }
    }
    return Optional.empty();
  }

  private static String string(Object o) {
    return o instanceof String s && !s.isBlank() ? s : null;
  }

  private static List<String> strings(Object o) {
    if (!(o instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
  }
}
