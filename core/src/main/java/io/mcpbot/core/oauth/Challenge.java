package io.mcpbot.core.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a protected resource said in its {@code WWW-Authenticate: Bearer ...} challenge: the error,
 * the scope it wants and where its Protected Resource Metadata lives (RFC 6750, RFC 9728).
 * Immutable; every component may be null.
 *
 * @param error the {@code error} parameter (e.g. {@code insufficient_scope}), or null
 * @param scope the {@code scope} parameter (space separated), or null
 * @param resourceMetadata the {@code resource_metadata} URL, or null
 */
record Challenge(String error, String scope, String resourceMetadata) {
  /** A challenge that said nothing. */
  static final Challenge EMPTY = new Challenge(null, null, null);

  // auth-param = token "=" ( token / quoted-string ); we read only the Bearer scheme's params
  private static final Pattern PARAM =
      Pattern.compile("([A-Za-z0-9_.-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]+))");

  /**
   * Parses a {@code WWW-Authenticate} value; null or a non-Bearer challenge gives {@link #EMPTY}.
   */
  static Challenge parse(String wwwAuthenticate) {
    if (wwwAuthenticate == null) {
      return EMPTY;
    }
    String value = wwwAuthenticate.strip();
    int bearer = value.toLowerCase(Locale.ROOT).indexOf("bearer");
    if (bearer < 0) {
      return EMPTY;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(value.substring(bearer + "bearer".length()));
    while (m.find()) {
      String v = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
      params.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), v);
    }
    return new Challenge(
        blankToNull(params.get("error")),
        blankToNull(params.get("scope")),
        blankToNull(params.get("resource_metadata")));
  }

  /** The scopes the challenge names, possibly empty. */
  List<String> scopes() {
    return Scopes.split(scope);
  }

  /** True when the server asked for more scope (a 403 step-up). */
  boolean insufficientScope() {
    return "insufficient_scope".equals(error);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
