package io.mcpbot.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parsing and masking helpers for {@link Settings}; messages never echo secret values. */
final class EnvValues {
  private static final Pattern URL_PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");

  private EnvValues() {}

  /** Boolean in the usual spellings, or null if it is none of them. */
  static Boolean parseBool(String raw) {
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> Boolean.TRUE;
      case "false", "0", "no", "off" -> Boolean.FALSE;
      default -> null;
    };
  }

  /** An http(s) URL with a host, or null. */
  static URI parseHttpUrl(String raw) {
    try {
      URI uri = new URI(raw.strip());
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Adds a trailing slash so relative method names resolve under the path. */
  static URI withTrailingSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? uri : URI.create(s + "/");
  }

  /** The scheme part of a database URL for messages ("mysql", "jdbc:sqlite"), never the rest. */
  static String schemeOf(String url) {
    int sep = url.indexOf("://");
    String head = sep >= 0 ? url.substring(0, sep) : url;
    if (head.startsWith("jdbc:")) {
      int colon = head.indexOf(':', 5);
      head = colon > 0 ? head.substring(0, colon) : head;
    }
    return head.length() > 40 || sep < 0 && !head.startsWith("jdbc:") ? "(none)" : head;
  }

  /**
   * Replaces the password in {@code scheme://user:password@host/...} and in {@code password=}
   * parameters with {@code <masked>}.
   */
  static String maskUrl(String url) {
    String out = url;
    int start = out.indexOf("://");
    int at = out.lastIndexOf('@');
    if (start >= 0 && at > start) {
      int colon = out.indexOf(':', start + 3);
      if (colon >= 0 && colon < at) {
        out = out.substring(0, colon + 1) + "<masked>" + out.substring(at);
      }
    }
    return URL_PASSWORD_PARAM.matcher(out).replaceAll("$1<masked>");
  }
}
