package io.mcpbot.core.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The bot's own HTTP endpoint (the OAuth callback; health and metrics later). Immutable and
 * thread-safe; only {@code publicUrl} may be null.
 *
 * @param host HTTP_HOST, the address to listen on, default {@code 0.0.0.0}
 * @param port HTTP_PORT, default 8080; 0 picks a free port (tests)
 * @param publicUrl PUBLIC_URL with a trailing slash: the base URL browsers reach the endpoint at;
 *     null when unset (then no user can connect a server that needs OAuth)
 */
public record HttpSettings(String host, int port, URI publicUrl) {
  /** The defaults: every interface, port 8080, no public URL. */
  public static final HttpSettings DEFAULTS = new HttpSettings("0.0.0.0", 8080, null);

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
  }

  /** PUBLIC_URL, if set. */
  public Optional<URI> publicBase() {
    return Optional.ofNullable(publicUrl);
  }

  /** {@code <PUBLIC_URL>/oauth/callback}: the redirect URI an operator registers, if set. */
  public Optional<URI> callbackUrl() {
    return publicBase().map(u -> u.resolve("oauth/callback"));
  }

  /** Reads HTTP_HOST, HTTP_PORT and PUBLIC_URL; a bad value is a problem every command reports. */
  static HttpSettings parse(SettingsParser parser) {
    String host = parser.get("HTTP_HOST").map(String::strip).orElse(DEFAULTS.host());
    int port =
        parser
            .wholeNumber(
                null,
                "HTTP_PORT",
                0,
                raw ->
                    "HTTP_PORT must be a port number 0-65535 (got '"
                        + raw.strip()
                        + "'); unset it for "
                        + DEFAULTS.port())
            .orElse(DEFAULTS.port());
    if (port > 65535) {
      parser.bad(
          null,
          "HTTP_PORT",
          "HTTP_PORT must be a port number 0-65535 (got '"
              + port
              + "'); unset it for "
              + DEFAULTS.port());
      port = DEFAULTS.port();
    }
    String problem =
        "PUBLIC_URL is not an http(s) URL with a host and no query: set it to the address browsers"
            + " reach this bot at, like https://bot.example.com/ (the OAuth callback is"
            + " <PUBLIC_URL>/oauth/callback), or unset it";
    URI publicUrl = parser.url(null, "PUBLIC_URL", null, problem);
    if (publicUrl != null
        && (publicUrl.getRawQuery() != null || publicUrl.getRawFragment() != null)) {
      parser.bad(null, "PUBLIC_URL", problem);
      publicUrl = null;
    }
    return new HttpSettings(host, port, publicUrl);
  }
}
