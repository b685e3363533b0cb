package io.mcpbot.cli.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.mcpbot.core.McpbotException;
import io.mcpbot.core.config.HttpSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's own HTTP endpoint: the JDK's {@code com.sun.net.httpserver} on virtual threads (no
 * dependency; a few small routes), serving {@code /oauth/start} and {@code /oauth/callback}, and
 * the operator's {@code /healthz}, {@code /readyz} and {@code /metrics} when given {@link
 * HealthRoutes}. Routes only call core's plain methods. Start once, close once; thread-safe.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

  private final HttpServer server;
  // the handlers' threads live and end with this endpoint
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private HttpEndpoint(HttpServer server) {
    this.server = server;
    server.setExecutor(executor);
  }

  /**
   * Listens on HTTP_HOST:HTTP_PORT and serves the OAuth routes.
   *
   * @param oauth what the OAuth routes serve from; null serves no OAuth route (every path 404s)
   * @param onConnected told (user, server) after each successful callback
   * @param health the operator's routes ({@code /healthz}, {@code /readyz}, {@code /metrics}), or
   *     null to serve none
   * @throws McpbotException naming the address when it cannot listen (port taken)
   */
  public static HttpEndpoint start(
      HttpSettings http,
      OAuthSite oauth,
      BiConsumer<String, String> onConnected,
      HealthRoutes health) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(http.host(), http.port()), 0);
    } catch (IOException e) {
      throw new McpbotException(
          ("cannot listen on %s:%d (%s): set HTTP_PORT to a free port or HTTP_HOST to an address"
                  + " of this machine")
              .formatted(http.host(), http.port(), e.getMessage()),
          e);
    }
    HttpEndpoint endpoint = new HttpEndpoint(server);
    if (oauth != null) {
      OAuthRoutes routes = new OAuthRoutes(oauth, onConnected, http.publicUrl());
      server.createContext("/oauth/start", getOnly(routes::start));
      server.createContext("/oauth/callback", getOnly(routes::callback));
      Supplier<String> metadata = oauth.clientMetadata();
      if (metadata != null) {
        server.createContext(CLIENT_METADATA_PATH, getOnly(ex -> json(ex, metadata.get())));
      }
    }
    if (health != null) {
      server.createContext("/healthz", getOnly(health::healthz));
      server.createContext("/readyz", getOnly(health::readyz));
      server.createContext("/metrics", getOnly(health::metrics));
    }
    server.createContext("/", ex -> OAuthRoutes.page(ex, 404, OAuthPages.page("Not found", "")));
    server.start();
    log.info("HTTP endpoint listening on {}:{}", http.host(), server.getAddress().getPort());
    return endpoint;
  }

  /** Where the Client ID Metadata Document is served, below PUBLIC_URL. */
  public static final String CLIENT_METADATA_PATH = "/oauth/client-metadata.json";

  private static void json(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "max-age=300");
    ex.sendResponseHeaders(200, "HEAD".equals(ex.getRequestMethod()) ? -1 : bytes.length);
    if (!"HEAD".equals(ex.getRequestMethod())) {
      ex.getResponseBody().write(bytes);
    }
  }

  /** The port listened on (the one chosen when HTTP_PORT is 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static HttpHandler getOnly(HttpHandler handler) {
    return ex -> {
      try (ex) {
        String method = ex.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
          ex.getResponseHeaders().set("Allow", "GET, HEAD");
          ex.sendResponseHeaders(405, -1);
          return;
        }
        if (!exactPath(ex)) {
          OAuthRoutes.page(ex, 404, OAuthPages.page("Not found", ""));
          return;
        }
        handler.handle(ex);
      }
    };
  }

  // a context matches by prefix: /oauth/startle is not /oauth/start
  private static boolean exactPath(HttpExchange ex) {
    return ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath());
  }

  /** Stops listening at once (a browser mid-redirect retries) and ends the handler threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
