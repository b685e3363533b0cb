package io.mcpbot.core.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends the requests Nimbus builds over {@code java.net.http} and hands its responses back for
 * Nimbus to parse: Nimbus does the protocol, one JDK client does the I/O (timeouts, HTTP/1.1 and 2,
 * virtual-thread friendly). Thread-safe. Failures become {@link OAuthException}s that name the host
 * only: URLs may carry codes or tokens in their query.
 */
final class OAuthHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private final HttpClient client;

  OAuthHttp(HttpClient client) {
    this.client = client;
  }

  static OAuthHttp create() {
    return new OAuthHttp(
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .version(HttpClient.Version.HTTP_1_1)
            .build());
  }

  /** GETs {@code uri} asking for JSON; the response whatever its status. */
  HTTPResponse get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET().header("Accept", "application/json"), uri);
  }

  /** Sends a request Nimbus built (token, registration, revocation). */
  HTTPResponse send(HTTPRequest request) {
    URI uri = request.getURI();
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    for (Map.Entry<String, List<String>> h : request.getHeaderMap().entrySet()) {
      for (String v : h.getValue()) {
        b.header(h.getKey(), v);
      }
    }
    String body = request.getBody();
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body);
    b.method(request.getMethod().name(), publisher);
    if (request.getHeaderValue("Accept") == null) {
      b.header("Accept", "application/json");
    }
    return send(b, uri);
  }

  private HTTPResponse send(HttpRequest.Builder builder, URI uri) {
    HttpResponse<String> r;
    try {
      r = client.send(builder.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OAuthException(
          "could not reach " + hostOf(uri) + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OAuthException("interrupted while calling " + hostOf(uri));
    }
    HTTPResponse response = new HTTPResponse(r.statusCode());
    r.headers()
        .map()
        .forEach((name, values) -> response.setHeader(name, values.toArray(String[]::new)));
    response.setContent(r.body());
    return response;
  }

  static String hostOf(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
