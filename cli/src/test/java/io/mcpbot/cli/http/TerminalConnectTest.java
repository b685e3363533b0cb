package io.mcpbot.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.config.HttpSettings;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code mcpbot chat}'s Connect: the printed link, a browser finishing it, the wait ending. */
class TerminalConnectTest {
  private static final RemoteServer GITHUB =
      new RemoteServer("github", "https://mcp.example.test/mcp", Map.of(), ServerOptions.NONE);

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void printsTheLinkAndReturnsOnceTheBrowserHasFinished() throws Exception {
    int port = freePort();
    URI publicUrl = URI.create("http://127.0.0.1:" + port + "/");
    FakeConnections oauth = new FakeConnections(Clock.systemUTC());
    StartLinks links =
        new StartLinks(publicUrl, new byte[32], Duration.ofMinutes(5), Clock.systemUTC());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try (TerminalConnect connect =
        new TerminalConnect(
            new HttpSettings("127.0.0.1", port, publicUrl),
            new OAuthSite(oauth, name -> Optional.of(GITHUB), links, null),
            Duration.ofSeconds(30))) {
      CompletableFuture<Boolean> waited =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return connect.connect("U0ALICE01", "github", out);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });

      // the "browser": opens the printed link, then comes back to the callback with its cookie
      Matcher link = Pattern.compile("(http://\\S+/oauth/start\\S+)").matcher("");
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> link.reset(printed.toString(StandardCharsets.UTF_8)).find());
      HttpClient browser =
          HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      HttpResponse<String> start =
          browser.send(
              HttpRequest.newBuilder(URI.create(link.group(1))).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(start.statusCode()).isEqualTo(302);
      String state =
          start
              .headers()
              .firstValue("Location")
              .orElseThrow()
              .replaceAll(".*state=([^&]+).*", "$1");
      String cookie = start.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      HttpResponse<String> done =
          browser.send(
              HttpRequest.newBuilder(publicUrl.resolve("oauth/callback?state=" + state + "&code=c"))
                  .header("Cookie", cookie)
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(waited.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Connected github.");
    }
  }

  @Test
  void withoutPublicUrlItSaysWhatToSet() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (TerminalConnect connect =
        new TerminalConnect(
            HttpSettings.DEFAULTS,
            new OAuthSite(
                new FakeConnections(Clock.systemUTC()),
                name -> Optional.of(GITHUB),
                new StartLinks(null, new byte[32], Duration.ofMinutes(5), Clock.systemUTC()),
                null),
            Duration.ofSeconds(1))) {
      boolean connected =
          connect.connect(
              "U0ALICE01", "github", new PrintStream(printed, true, StandardCharsets.UTF_8));
      assertThat(connected).isFalse();
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("PUBLIC_URL", "/oauth/callback");
  }
}
