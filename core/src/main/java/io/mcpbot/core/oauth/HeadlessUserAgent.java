package io.mcpbot.core.oauth;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.mcpbot.core.config.RemoteServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Stands in for the user's browser: GETs the authorization URL, follows the authorization server's
 * redirects until one points at the bot's redirect URI, and hands that callback's {@code code},
 * {@code state} and {@code error} to {@link OAuthConnections#complete} — the same method the bot's
 * callback endpoint calls. Works with servers that authorize at once (the conformance suite, demo
 * servers, tests); a real one would show a login page instead. Thread-safe.
 */
public final class HeadlessUserAgent implements AuthorizationPrompt {
  private static final int MAX_HOPS = 10;
  private final URI redirectUri;
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** An agent that stops at, and completes, redirects to {@code redirectUri}. */
  public HeadlessUserAgent(URI redirectUri) {
    this.redirectUri = redirectUri;
  }

  @Override
  public boolean authorize(
      String userId,
      RemoteServer server,
      OAuthConnections.AuthorizationStart start,
      OAuthConnections connections) {
    URI next = start.authorizationUrl();
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      if (isCallback(next)) {
        Map<String, String> q = query(next.getRawQuery());
        connections.complete(q.get("state"), q.get("code"), q.get("error"), null);
        return true;
      }
      HttpResponse<Void> r = get(next);
      String location = r.headers().firstValue("Location").orElse(null);
      if (r.statusCode() / 100 != 3 || location == null) {
        throw new OAuthException(
            "the authorization server answered HTTP " + r.statusCode() + " instead of redirecting");
      }
      next = next.resolve(location);
    }
    throw new OAuthException(
        "the authorization server redirected more than " + MAX_HOPS + " times");
  }

  private boolean isCallback(URI uri) {
    return redirectUri.getScheme().equalsIgnoreCase(uri.getScheme())
        && redirectUri.getRawAuthority().equalsIgnoreCase(uri.getRawAuthority())
        && redirectUri.getRawPath().equals(uri.getRawPath());
  }

  private HttpResponse<Void> get(URI uri) {
    try {
      return http.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new OAuthException(
          "could not reach the authorization server: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OAuthException("interrupted while authorizing");
    }
  }

  /** The first value of each parameter of a raw query (null: none). */
  static Map<String, String> query(String raw) {
    Map<String, String> first = new HashMap<>();
    URLUtils.parseParameters(raw).forEach((k, v) -> first.put(k, v.isEmpty() ? "" : v.getFirst()));
    return first;
  }
}
