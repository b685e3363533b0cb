package io.mcpbot.cli.http;

import io.mcpbot.core.config.HttpSettings;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connecting an account from {@code mcpbot chat}: starts the same HTTP endpoint the bot serves (on
 * first use), prints the Connect link for the user to open in a browser, and waits for the
 * callback. Not thread-safe (one terminal); {@link #close()} stops the endpoint.
 */
public final class TerminalConnect implements AutoCloseable {
  private final HttpSettings http;
  private final OAuthSite oauth;
  private final Duration timeout;
  private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
  private HttpEndpoint endpoint;

  /**
   * @param oauth what the endpoint's OAuth routes serve from
   * @param timeout how long {@link #connect} waits for the browser
   */
  public TerminalConnect(HttpSettings http, OAuthSite oauth, Duration timeout) {
    this.http = http;
    this.oauth = oauth;
    this.timeout = timeout;
  }

  /**
   * Prints the link that connects {@code user}'s account to {@code server} and waits for the
   * callback; true once connected, false when PUBLIC_URL is unset or the wait timed out (both said
   * on {@code out}).
   */
  public boolean connect(String user, String server, PrintStream out) throws InterruptedException {
    Optional<URI> url = oauth.links().startUrl(user, server);
    if (url.isEmpty()) {
      out.println(
          server
              + " needs you to connect your account, which needs PUBLIC_URL: set it to where your"
              + " browser reaches this machine (e.g. http://localhost:8080/), register"
              + " <PUBLIC_URL>/oauth/callback with the server's authorization server, and try"
              + " again.");
      return false;
    }
    if (endpoint == null) {
      endpoint = HttpEndpoint.start(http, oauth, this::connected, null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    waiting.put(key(user, server), done);
    out.println(
        "To connect "
            + server
            + ", open this link in your browser (waiting up to "
            + timeout.toMinutes()
            + " min):\n  "
            + url.get());
    out.flush();
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      out.println("Connected " + server + ".");
      return true;
    } catch (TimeoutException e) {
      out.println("Gave up waiting for the browser; ask again to get a new link.");
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      waiting.remove(key(user, server), done);
    }
  }

  private void connected(String user, String server) {
    CompletableFuture<Void> done = waiting.get(key(user, server));
    if (done != null) {
      done.complete(null);
    }
  }

  private static String key(String user, String server) {
    return user + "\n" + server;
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
