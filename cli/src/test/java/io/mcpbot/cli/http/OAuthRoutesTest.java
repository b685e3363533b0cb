package io.mcpbot.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mcpbot.core.config.HttpSettings;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * /oauth/start and /oauth/callback over real HTTP: the signed link, the redirect and its cookie,
 * the callback's outcomes, and no secret in any page.
 */
class OAuthRoutesTest {
  private static final String USER = "U0ALICE01";
  private static final byte[] KEY = new byte[32];
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final FakeConnections oauth = new FakeConnections(clock);
  private final List<String> connected = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private HttpEndpoint endpoint;
  private StartLinks links;
  private URI base;

  @BeforeEach
  void start() {
    // the public URL is only known once the port is: links are made against a second instance
    endpoint = startEndpoint(URI.create("https://bot.example.test/"));
    base = URI.create("http://127.0.0.1:" + endpoint.port() + "/");
    links = new StartLinks(base, KEY, Duration.ofHours(1), clock);
  }

  private HttpEndpoint startEndpoint(URI publicUrl) {
    StartLinks verifier = new StartLinks(publicUrl, KEY, Duration.ofHours(1), clock);
    return HttpEndpoint.start(
        new HttpSettings("127.0.0.1", 0, publicUrl),
        new OAuthSite(
            oauth,
            name ->
                name.equals("github")
                    ? Optional.of(
                        new RemoteServer(
                            "github", "https://mcp.example.test/mcp", Map.of(), ServerOptions.NONE))
                    : Optional.empty(),
            verifier,
            () -> "{\"client_id\":\"https://bot.example.test/oauth/client-metadata.json\"}"),
        (user, server) -> connected.add(user + " " + server),
        null);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private HttpResponse<String> get(URI uri, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI startUrl(String server) {
    return links.startUrl(USER, server).orElseThrow();
  }

  /** The redirect of a start: the authorization URL and the cookie pair to send back. */
  private record Started(String state, String cookie, HttpResponse<String> response) {}

  private Started begin() throws Exception {
    HttpResponse<String> r = get(startUrl("github"), null);
    assertThat(r.statusCode()).isEqualTo(302);
    String location = r.headers().firstValue("Location").orElseThrow();
    String state = location.replaceAll(".*state=([^&]+).*", "$1");
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return new Started(state, setCookie.substring(0, setCookie.indexOf(';')), r);
  }

  private HttpResponse<String> callback(String query, String cookie) throws Exception {
    return get(base.resolve("oauth/callback?" + query), cookie);
  }

  @Test
  void startRedirectsToTheAuthorizationServerWithABrowserBoundCookie() throws Exception {
    Started s = begin();

    assertThat(s.response().headers().firstValue("Location").orElseThrow())
        .startsWith("https://auth.example.test/authorize?state=");
    String setCookie = s.response().headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith(OAuthRoutes.cookieName(s.state()) + "=")
        .contains("; Path=/oauth", "; HttpOnly", "; SameSite=Lax", "; Secure");
    FakeConnections.Pending p = oauth.pending.get(s.state());
    assertThat(p.user()).isEqualTo(USER);
    assertThat(p.server()).isEqualTo("github");
    assertThat(s.cookie()).endsWith("=" + p.binding());
    assertThat(p.binding()).hasSizeGreaterThanOrEqualTo(43);
  }

  @Test
  void theCallbackCompletesInTheSameBrowserAndTellsTheBot() throws Exception {
    Started s = begin();

    HttpResponse<String> r = callback("state=" + s.state() + "&code=code-SECRET-123", s.cookie());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Connected github", "You can close this tab");
    assertThat(r.body()).doesNotContain("code-SECRET-123", s.state());
    assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(connected).containsExactly(USER + " github");
  }

  @Test
  void aStateIsUsableOnce() throws Exception {
    Started s = begin();
    assertThat(callback("state=" + s.state() + "&code=c1", s.cookie()).statusCode()).isEqualTo(200);

    HttpResponse<String> again = callback("state=" + s.state() + "&code=c1", s.cookie());

    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("already used", "use Connect again");
    assertThat(connected).hasSize(1);
  }

  @Test
  void aStateFinishedInAnotherBrowserIsRefused() throws Exception {
    Started mine = begin();
    Started theirs = begin();

    // the link was forwarded: the victim's browser has its own cookie, not the sender's
    HttpResponse<String> r = callback("state=" + mine.state() + "&code=c", theirs.cookie());
    HttpResponse<String> noCookie = callback("state=" + theirs.state() + "&code=c", null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("another browser");
    assertThat(noCookie.statusCode()).isEqualTo(400);
    assertThat(connected).isEmpty();
  }

  @Test
  void anExpiredStateIsRefused() throws Exception {
    Started s = begin();
    now.set(now.get().plus(Duration.ofMinutes(11)));

    HttpResponse<String> r = callback("state=" + s.state() + "&code=c", s.cookie());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("expired");
    assertThat(connected).isEmpty();
  }

  @Test
  void aCallbackCarryingAnErrorSaysSoWithoutEchoingTheRequest() throws Exception {
    Started s = begin();

    HttpResponse<String> r =
        callback(
            "state=" + s.state() + "&error=access_denied&error_description=%3Cscript%3E",
            s.cookie());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("access_denied").doesNotContain("<script>");
    assertThat(connected).isEmpty();
  }

  @Test
  void startRefusesForgedExpiredAndUnknownLinks() throws Exception {
    URI good = startUrl("github");
    URI forged = URI.create(good.toString().replace("u=" + USER, "u=U0MALLORY"));
    assertThat(get(forged, null).statusCode()).isEqualTo(400);
    assertThat(get(base.resolve("oauth/start?u=" + USER + "&s=github"), null).statusCode())
        .isEqualTo(400);

    URI unknown = startUrl("gitlab");
    assertThat(get(unknown, null).statusCode()).isEqualTo(404);

    now.set(now.get().plus(Duration.ofHours(2)));
    HttpResponse<String> expired = get(good, null);
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(expired.body()).contains("expired", "App Home");
    assertThat(oauth.pending).isEmpty();
  }

  @Test
  void aFailedStartShowsTheSafeReason() throws Exception {
    oauth.failBegin = "the authorization server of github cannot do PKCE S256";

    HttpResponse<String> r = get(startUrl("github"), null);

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("cannot do PKCE S256");
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void theClientMetadataDocumentIsServedAsJson() throws Exception {
    HttpResponse<String> r = get(base.resolve("oauth/client-metadata.json"), null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(r.body()).contains("\"client_id\"");
  }

  @Test
  void noCodeStateOrBrowserBindingReachesTheLog() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    root.setLevel(Level.TRACE);
    root.addAppender(logs);
    try {
      Started ok = begin();
      callback("state=" + ok.state() + "&code=code-SECRET-1", ok.cookie());
      Started refused = begin();
      callback("state=" + refused.state() + "&code=code-SECRET-2", "x=y");
      Started third = begin();
      String binding = third.cookie().substring(third.cookie().indexOf('=') + 1);
      callback("state=" + third.state() + "&error=server_error", third.cookie());

      String all =
          String.join(
              "\n",
              logs.list.stream()
                  .map(e -> e.getFormattedMessage() + " " + e.getThrowableProxy())
                  .toList());
      assertThat(all)
          .doesNotContain("code-SECRET-1", "code-SECRET-2", ok.state(), refused.state(), binding)
          .doesNotContain(ok.cookie().substring(ok.cookie().indexOf('=') + 1));
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
    }
  }

  @Test
  void onlyGetAndTheExactPathsAreServed() throws Exception {
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(base.resolve("oauth/callback"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(get(base.resolve("oauth/callbackx"), null).statusCode()).isEqualTo(404);
    assertThat(get(base.resolve("other"), null).statusCode()).isEqualTo(404);
  }
}
