package io.mcpbot.cli.http;

/**
 * The short pages the browser sees at the end of a Connect: success or what to do next. Every value
 * is HTML-escaped; no page carries a token, code, verifier or secret. Stateless.
 */
final class OAuthPages {
  private OAuthPages() {}

  static String success(String server) {
    return page(
        "Connected", "Connected " + server + ". You can close this tab and go back to Slack.");
  }

  static String failure(String what, String next) {
    return page("Not connected", what + " " + next);
  }

  static String page(String title, String message) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>mcpbot: "
        + escape(title)
        + "</title></head><body style=\"font-family: sans-serif; margin: 3em auto;"
        + " max-width: 36em\"><h1>"
        + escape(title)
        + "</h1><p>"
        + escape(message)
        + "</p></body></html>";
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
