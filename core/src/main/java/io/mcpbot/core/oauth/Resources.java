package io.mcpbot.core.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * URL arithmetic of the authorization spec: canonical resource URIs (RFC 8707), the well-known
 * locations of RFC 9728 and RFC 8414 in the spec's order, and resource matching. Stateless.
 */
final class Resources {
  private Resources() {}

  /** The canonical URI of an MCP server: lower-case scheme and host, no fragment. */
  static String canonical(URI server) {
    StringBuilder b =
        new StringBuilder()
            .append(server.getScheme().toLowerCase(Locale.ROOT))
            .append("://")
            .append(server.getHost().toLowerCase(Locale.ROOT));
    if (server.getPort() >= 0) {
      b.append(':').append(server.getPort());
    }
    String path = server.getRawPath();
    if (path != null && !path.equals("/")) {
      b.append(path);
    }
    if (server.getRawQuery() != null) {
      b.append('?').append(server.getRawQuery());
    }
    return b.toString();
  }

  /** True when {@code resource} names {@code server}: same origin, and a path prefix of it. */
  static boolean covers(String resource, URI server) {
    URI r;
    try {
      r = URI.create(resource);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (r.getScheme() == null || r.getHost() == null) {
      return false;
    }
    if (!r.getScheme().equalsIgnoreCase(server.getScheme())
        || !r.getHost().equalsIgnoreCase(server.getHost())
        || port(r) != port(server)) {
      return false;
    }
    String rp = trimSlash(r.getRawPath());
    String sp = trimSlash(server.getRawPath());
    return rp.isEmpty() || sp.equals(rp) || sp.startsWith(rp + "/");
  }

  static boolean sameUrl(String a, String b) {
    return trimSlash(a).equals(trimSlash(b));
  }

  /** RFC 9728 section 3.1: the path-aware location first, then the root. */
  static List<URI> protectedResourceUrls(URI server) {
    URI origin = URI.create(OAuthHttp.hostOf(server));
    String path = trimSlash(server.getRawPath());
    List<URI> urls = new ArrayList<>();
    if (!path.isEmpty()) {
      urls.add(origin.resolve("/.well-known/oauth-protected-resource" + path));
    }
    urls.add(origin.resolve("/.well-known/oauth-protected-resource"));
    return urls;
  }

  /**
   * The spec's order: for an issuer with a path, RFC 8414 path insertion, OpenID Connect path
   * insertion, then OpenID Connect path appending; without a path, RFC 8414 then OpenID Connect.
   */
  static List<URI> authServerMetadataUrls(URI issuer) {
    URI origin = URI.create(OAuthHttp.hostOf(issuer));
    String path = trimSlash(issuer.getRawPath());
    if (path.isEmpty()) {
      return List.of(
          origin.resolve("/.well-known/oauth-authorization-server"),
          origin.resolve("/.well-known/openid-configuration"));
    }
    return List.of(
        origin.resolve("/.well-known/oauth-authorization-server" + path),
        origin.resolve("/.well-known/openid-configuration" + path),
        origin.resolve(path + "/.well-known/openid-configuration"));
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String trimSlash(String path) {
    if (path == null) {
      return "";
    }
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
