package io.mcpbot.bot.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;

/**
 * One Web API call the emulator received.
 *
 * @param method e.g. chat.postMessage
 * @param params form fields, or the top-level fields of a JSON body (nested values as JSON text)
 * @param token the bearer token used, or null
 * @param rateLimited whether the emulator answered it with 429
 * @param at when it arrived
 */
public record ApiCall(
    String method, Map<String, String> params, String token, boolean rateLimited, Instant at) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public String param(String name) {
    return params.get(name);
  }

  /** A parameter holding JSON (view, blocks), parsed; null when absent. */
  public JsonNode json(String name) {
    String value = params.get(name);
    if (value == null) {
      return null;
    }
    try {
      return JSON.readTree(value);
    } catch (Exception e) {
      throw new IllegalStateException(method + " sent invalid JSON in " + name, e);
    }
  }
}
