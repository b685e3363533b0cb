package io.mcpbot.core.mcp.internal;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.mcp.AuthorizationRequiredException;
import io.mcpbot.core.mcp.McpException;
import io.mcpbot.core.mcp.RemoteAuthorizer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The HTTP side of one remote session: the exact configured URI, the user's static headers and, on
 * every request, the {@code Authorization} value the {@link RemoteAuthorizer} hands out (so a
 * refreshed token applies without a new session). A 401/403 goes to {@link
 * RemoteAuthorizer#challenged}; the request is retried once when it says so, else it fails with
 * {@link AuthorizationRequiredException}. Owns its {@link HttpClient} and shuts it down on {@link
 * #close}. Thread-safe.
 */
final class HttpChannel implements AutoCloseable {
  /** Who authorizes requests to this server: the authorizer, the user and the definition. */
  record Auth(RemoteAuthorizer authorizer, String userId, RemoteServer definition) {
    static Auth none(String userId, RemoteServer definition) {
      return new Auth(RemoteAuthorizer.NONE, userId, definition);
    }
  }

  private final ResolvedServer server;
  private final URI uri;
  private final Auth auth;
  private final HttpClient client;

  HttpChannel(ResolvedServer server, Auth auth, Duration connectTimeout) {
    this.server = server;
    this.uri = uri(server);
    this.auth = auth;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .build();
  }

  /** The configured URL exactly (path and query kept), or a clear error naming the server. */
  static URI uri(ResolvedServer server) {
    try {
      URI u = URI.create(server.url());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new McpException(
          server.mask(
              "server '"
                  + server.server()
                  + "' has an invalid url '"
                  + server.url()
                  + "' ("
                  + e.getMessage()
                  + "); use an absolute http:// or https:// URL in servers_config.json"));
    }
  }

  URI uri() {
    return uri;
  }

  ResolvedServer server() {
    return server;
  }

  /**
   * Sends the request {@code template} builds (called again for the retry), with the static headers
   * and a fresh authorization, and returns the response with its body still to read.
   *
   * @throws AuthorizationRequiredException when the server still refuses and only the user can help
   * @throws IOException on a network failure
   */
  HttpResponse<InputStream> send(Supplier<HttpRequest.Builder> template)
      throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      HttpRequest.Builder b = template.get();
      server.headers().forEach(b::setHeader);
      String authorization = auth.authorizer().authorization(auth.userId(), auth.definition());
      if (authorization != null) {
        b.setHeader("Authorization", authorization);
      }
      HttpResponse<InputStream> r =
          client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = r.statusCode();
      if (status != 401 && status != 403) {
        return r;
      }
      r.body().close();
      String challenge = r.headers().firstValue("WWW-Authenticate").orElse(null);
      boolean retry =
          attempt == 0
              && auth.authorizer().challenged(auth.userId(), auth.definition(), status, challenge);
      if (!retry) {
        throw new AuthorizationRequiredException(server.server(), reason(authorization, challenge));
      }
    }
  }

  private static AuthorizationRequiredException.Reason reason(String sent, String challenge) {
    if (challenge != null && challenge.contains("insufficient_scope")) {
      return AuthorizationRequiredException.Reason.INSUFFICIENT_SCOPE;
    }
    return sent == null
        ? AuthorizationRequiredException.Reason.NOT_CONNECTED
        : AuthorizationRequiredException.Reason.RECONNECT;
  }

  /** "HTTP 500 to POST" plus a short masked body excerpt, for error messages. */
  String describe(HttpResponse<InputStream> r, String what) {
    String body;
    try (InputStream in = r.body()) {
      body = new String(in.readNBytes(300), java.nio.charset.StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      body = "";
    }
    return server.mask(
        "server '"
            + server.server()
            + "' answered HTTP "
            + r.statusCode()
            + " to "
            + what
            + (body.isEmpty() ? "" : ": " + body.replaceAll("\\s+", " ")));
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
