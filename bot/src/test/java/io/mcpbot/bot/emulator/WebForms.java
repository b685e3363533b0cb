package io.mcpbot.bot.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Web API request's parameters, from its query and its form or JSON body. Stateless. */
final class WebForms {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebForms() {}

  static Map<String, String> params(String query, String contentType, String body)
      throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    if (query != null) {
      params.putAll(form(query));
    }
    if (contentType != null && contentType.contains("json") && !body.isBlank()) {
      JSON.readTree(body)
          .properties()
          .forEach(
              e ->
                  params.put(
                      e.getKey(),
                      e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    } else {
      params.putAll(form(body));
    }
    return params;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body == null || body.isBlank()) {
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
