package io.mcpbot.core.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An authorization server over real HTTP for the refresh and revocation paths the TypeScript SDK's
 * demo server does not implement (it refuses every refresh). Serves RFC 8414 metadata at the root
 * (so it is also the 2025-03-26 "MCP server base URL" authorization server), /authorize (redirects
 * at once), /token (codes and refresh tokens, counted), /register and /revoke. Records every
 * request body it saw so tests can check what went over the wire. Public for the benchmarks.
 */
public final class TestAuthServer implements AutoCloseable {
  final HttpServer http;
  public final AtomicInteger refreshes = new AtomicInteger();
  final AtomicInteger registrations = new AtomicInteger();
  final AtomicInteger tokensIssued = new AtomicInteger();
  final List<String> revoked = new CopyOnWriteArrayList<>();
  final List<String> tokenRequests = new CopyOnWriteArrayList<>();
  final List<String> tokenAuthHeaders = new CopyOnWriteArrayList<>();
  volatile boolean s256 = true;
  volatile boolean refuseRefresh;
  volatile long expiresIn = 3600;

  /** When set, the scope every token response says was granted (narrower than asked, say). */
  volatile String grantedScope;

  volatile List<String> authMethods = List.of("none");

  /** When set, each refresh waits for it (lets concurrent callers pile up). */
  volatile CountDownLatch refreshGate;

  public TestAuthServer() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    http.createContext("/.well-known/oauth-authorization-server", this::metadata);
    http.createContext("/authorize", this::authorize);
    http.createContext("/token", this::token);
    http.createContext("/register", this::register);
    http.createContext("/revoke", this::revoke);
    http.createContext("/", ex -> send(ex, 404, "{}"));
    http.start();
  }

  public String base() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** The URL of an (unprotected-resource-metadata) MCP server on this host. */
  public String mcpUrl() {
    return base() + "/mcp";
  }

  private void metadata(HttpExchange ex) throws IOException {
    String methods = String.join("\",\"", authMethods);
    send(
        ex,
        200,
        "{\"issuer\":\""
            + base()
            + "\",\"authorization_endpoint\":\""
            + base()
            + "/authorize\",\"token_endpoint\":\""
            + base()
            + "/token\",\"registration_endpoint\":\""
            + base()
            + "/register\",\"revocation_endpoint\":\""
            + base()
            + "/revoke\",\"response_types_supported\":[\"code\"],"
            + "\"scopes_supported\":[\"mcp:tools\",\"offline_access\"],"
            + "\"token_endpoint_auth_methods_supported\":[\""
            + methods
            + "\"]"
            + (s256 ? ",\"code_challenge_methods_supported\":[\"S256\"]" : "")
            + "}");
  }

  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
    String location =
        q.get("redirect_uri")
            + "?code=code-"
            + tokensIssued.get()
            + "&state="
            + URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Location", location);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    tokenRequests.add(body);
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth != null) {
      tokenAuthHeaders.add(auth);
    }
    Map<String, String> f = form(body);
    if ("refresh_token".equals(f.get("grant_type"))) {
      refreshes.incrementAndGet();
      CountDownLatch gate = refreshGate;
      if (gate != null) {
        try {
          gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (refuseRefresh) {
        send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}");
        return;
      }
    }
    int n = tokensIssued.incrementAndGet();
    send(
        ex,
        200,
        "{\"access_token\":\"access-"
            + n
            + "\",\"token_type\":\"Bearer\","
            + (grantedScope == null ? "" : "\"scope\":\"" + grantedScope + "\",")
            + "\"expires_in\":"
            + expiresIn
            + ",\"refresh_token\":\"refresh-"
            + n
            + "\"}");
  }

  private void register(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    int n = registrations.incrementAndGet();
    send(
        ex,
        201,
        "{\"client_id\":\"client-"
            + n
            + "\",\"token_endpoint_auth_method\":\"none\",\"redirect_uris\":[\"http://localhost/cb\"]}");
  }

  private void revoke(HttpExchange ex) throws IOException {
    revoked.add(
        form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).get("token"));
    send(ex, 200, "");
  }

  static Map<String, String> form(String raw) {
    return HeadlessUserAgent.query(raw);
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
