package io.mcpbot.core.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Loads the copied test vectors from src/test/resources/fernet. */
final class Vectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Vectors() {}

  static JsonNode load(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/fernet/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource fernet/" + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> cases(String name) {
    List<JsonNode> out = new ArrayList<>();
    load(name).forEach(out::add);
    return out;
  }

  static List<JsonNode> cases(String name, String field) {
    List<JsonNode> out = new ArrayList<>();
    load(name).get(field).forEach(out::add);
    return out;
  }
}
