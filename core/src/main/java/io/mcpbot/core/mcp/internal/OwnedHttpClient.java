package io.mcpbot.core.mcp.internal;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient.Builder} that remembers the client it builds so the session can shut it
 * down: the SDK's streamable-HTTP transport builds its own client and never closes it, which keeps
 * a selector thread, worker threads and sockets per closed session until a garbage collection. Not
 * thread-safe; used once per session.
 */
final class OwnedHttpClient implements HttpClient.Builder {
  private final HttpClient.Builder delegate = HttpClient.newBuilder();
  private volatile HttpClient built;

  /** Ends the client's threads and connections at once; a no-op if none was built. */
  void shutdown() {
    HttpClient c = built;
    if (c != null) {
      c.shutdownNow();
    }
  }

  @Override
  public HttpClient build() {
    HttpClient c = delegate.build();
    built = c;
    return c;
  }

  @Override
  public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
    delegate.cookieHandler(cookieHandler);
    return this;
  }

  @Override
  public HttpClient.Builder connectTimeout(Duration duration) {
    delegate.connectTimeout(duration);
    return this;
  }

  @Override
  public HttpClient.Builder sslContext(SSLContext sslContext) {
    delegate.sslContext(sslContext);
    return this;
  }

  @Override
  public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
    delegate.sslParameters(sslParameters);
    return this;
  }

  @Override
  public HttpClient.Builder executor(Executor executor) {
    delegate.executor(executor);
    return this;
  }

  @Override
  public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
    delegate.followRedirects(policy);
    return this;
  }

  @Override
  public HttpClient.Builder version(HttpClient.Version version) {
    delegate.version(version);
    return this;
  }

  @Override
  public HttpClient.Builder priority(int priority) {
    delegate.priority(priority);
    return this;
  }

  @Override
  public HttpClient.Builder proxy(ProxySelector proxySelector) {
    delegate.proxy(proxySelector);
    return this;
  }

  @Override
  public HttpClient.Builder authenticator(Authenticator authenticator) {
    delegate.authenticator(authenticator);
    return this;
  }

  @Override
  public HttpClient.Builder localAddress(InetAddress localAddr) {
    delegate.localAddress(localAddr);
    return this;
  }
}
