package io.mcpbot.core.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;

/**
 * Turns what an authorization server or a callback said into text safe for messages: only an error
 * code's token characters survive (descriptions and URIs are the server's free text and are
 * dropped). Stateless.
 */
final class Safe {
  private Safe() {}

  static String code(ErrorObject error) {
    return error == null ? "no error code" : code(error.getCode());
  }

  static String code(String code) {
    if (code == null || code.isBlank()) {
      return "no error code";
    }
    String kept = code.replaceAll("[^A-Za-z0-9_.-]", "");
    return kept.length() > 40 ? kept.substring(0, 40) : kept;
  }
}
