package io.mcpbot.cli.http;

import com.sun.net.httpserver.HttpExchange;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.oauth.OAuthConnections;
import io.mcpbot.core.oauth.OAuthException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /oauth/start} and {@code /oauth/callback}: the browser half of connecting a user's account
 * to a remote server. Start verifies the signed link, begins the authorization bound to a fresh
 * random value it also sets as an HttpOnly cookie, and redirects; the callback completes it with
 * that cookie, so a state finished in another browser is refused. Neither logs a query string (it
 * carries the code). Thread-safe.
 */
final class OAuthRoutes {
  private static final Logger log = LoggerFactory.getLogger(OAuthRoutes.class);
  private static final String COOKIE_PREFIX = "mcpbot_oauth_";
  private static final int COOKIE_SECONDS = 900;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OAuthSite site;
  private final BiConsumer<String, String> onConnected;
  private final boolean secureCookies;

  /**
   * @param site what the routes serve from
   * @param onConnected told (user, server) after each successful callback; must not block long
   * @param publicBase PUBLIC_URL (https makes the cookie Secure), or null
   */
  OAuthRoutes(OAuthSite site, BiConsumer<String, String> onConnected, URI publicBase) {
    this.site = site;
    this.onConnected = onConnected;
    this.secureCookies = publicBase != null && "https".equalsIgnoreCase(publicBase.getScheme());
  }

  void start(HttpExchange ex) throws IOException {
    String user;
    String server;
    switch (site.links().verify(query(ex))) {
      case StartLinks.Verdict.Valid v -> {
        user = v.userId();
        server = v.server();
      }
      case StartLinks.Verdict.Expired x -> {
        page(
            ex,
            410,
            OAuthPages.failure(
                "This Connect link has expired.",
                "Open the bot's App Home in Slack" + " and use Connect again."));
        return;
      }
      case StartLinks.Verdict.Invalid i -> {
        page(
            ex,
            400,
            OAuthPages.failure(
                "This Connect link is not valid.",
                "Open the bot's App Home in" + " Slack and use Connect there."));
        return;
      }
    }
    Optional<RemoteServer> remote = site.servers().apply(server);
    if (remote.isEmpty()) {
      page(
          ex,
          404,
          OAuthPages.failure(
              "The server " + server + " is not available any more.",
              "Ask your" + " admin, or open the App Home to see the servers you can use."));
      return;
    }
    String binding = randomValue();
    OAuthConnections.AuthorizationStart begun;
    try {
      begun = site.oauth().begin(user, remote.get(), binding);
    } catch (OAuthException e) {
      page(
          ex,
          502,
          OAuthPages.failure(
              "Could not start connecting " + server + ": " + e.getMessage() + ".",
              "Try again later; if it keeps failing, tell your admin."));
      return;
    } catch (RuntimeException e) {
      unexpected(ex, "start connecting " + server, e);
      return;
    }
    ex.getResponseHeaders()
        .add(
            "Set-Cookie",
            cookieName(begun.state())
                + "="
                + binding
                + "; Path=/oauth; Max-Age="
                + COOKIE_SECONDS
                + "; HttpOnly; SameSite=Lax"
                + (secureCookies ? "; Secure" : ""));
    ex.getResponseHeaders().set("Location", begun.authorizationUrl().toString());
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  void callback(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex);
    String state = q.get("state");
    if (state == null || state.isBlank()) {
      page(
          ex,
          400,
          OAuthPages.failure(
              "This page was opened without an authorization to finish.",
              "Open the bot's App Home in Slack and use Connect."));
      return;
    }
    String binding = cookies(ex).get(cookieName(state));
    // the cookie has done its job whatever happens next
    ex.getResponseHeaders()
        .add(
            "Set-Cookie",
            cookieName(state)
                + "=; Path=/oauth; Max-Age=0; HttpOnly; SameSite=Lax"
                + (secureCookies ? "; Secure" : ""));
    OAuthConnections.Completion done;
    try {
      done = site.oauth().complete(state, q.get("code"), q.get("error"), binding);
    } catch (OAuthException e) {
      page(
          ex,
          400,
          OAuthPages.failure(
              "Not connected: " + e.getMessage() + ".",
              "Open the bot's App Home in Slack and use Connect again, in this browser."));
      return;
    } catch (RuntimeException e) {
      unexpected(ex, "finish connecting", e);
      return;
    }
    try {
      onConnected.accept(done.userId(), done.server());
    } catch (RuntimeException e) {
      log.warn("telling user {} about {} failed: {}", done.userId(), done.server(), e.toString());
    }
    page(ex, 200, OAuthPages.success(done.server()));
  }

  private static void unexpected(HttpExchange ex, String what, RuntimeException e)
      throws IOException {
    String ref = UUID.randomUUID().toString().substring(0, 8);
    log.error("[ref {}] could not {}: {}", ref, what, e.toString());
    page(
        ex,
        500,
        OAuthPages.failure(
            "Something went wrong.",
            "Try again; if it keeps happening, give your" + " admin this reference: " + ref + "."));
  }

  static void page(HttpExchange ex, int status, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    // the callback's URL carries the code: never send it on as a Referer
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    ex.getResponseHeaders()
        .set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(status, -1);
    } else {
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  /** One cookie per flow, named after its state: two Connects in one browser do not collide. */
  static String cookieName(String state) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
      return COOKIE_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static String randomValue() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static Map<String, String> query(HttpExchange ex) {
    Map<String, String> out = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.putIfAbsent(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed escape: leave the parameter out
      }
    }
    return out;
  }

  static Map<String, String> cookies(HttpExchange ex) {
    Map<String, String> out = new HashMap<>();
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          out.putIfAbsent(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
      }
    }
    return out;
  }
}
