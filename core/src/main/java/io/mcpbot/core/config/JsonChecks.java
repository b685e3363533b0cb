package io.mcpbot.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;

/**
 * The checks every servers_config.json parser repeats: is a value there and of the right kind, walk
 * an array's items, warn about unknown keys. Problems go to the caller's lists with the caller's
 * exact wording. Stateless.
 */
final class JsonChecks {
  private JsonChecks() {}

  /**
   * True when {@code v} is there (not absent, not JSON null) and of {@code kind}; a value of
   * another kind adds {@code wrongKind} to {@code errors} and counts as absent.
   */
  static boolean present(
      JsonNode v, Predicate<JsonNode> kind, String wrongKind, List<String> errors) {
    if (v == null || v.isNull()) {
      return false;
    }
    if (!kind.test(v)) {
      errors.add(wrongKind);
      return false;
    }
    return true;
  }

  /**
   * Calls {@code each} with every item of array {@code v} and its index; absent or null is an empty
   * array, anything else adds {@code notArray} to {@code errors}.
   */
  static void eachItem(
      JsonNode v, String notArray, List<String> errors, ObjIntConsumer<JsonNode> each) {
    if (present(v, JsonNode::isArray, notArray, errors)) {
      for (int i = 0; i < v.size(); i++) {
        each.accept(v.get(i), i);
      }
    }
  }

  /**
   * Warns, at {@code at}, about each key of {@code object} outside {@code known}; {@code fix} ends
   * the message (may be empty).
   */
  static void unknownKeys(
      JsonNode object, List<String> known, String at, String fix, List<String> warnings) {
    object.properties().stream()
        .map(Map.Entry::getKey)
        .filter(k -> !known.contains(k))
        .forEach(
            k ->
                warnings.add(
                    at
                        + ": unknown key \""
                        + k
                        + "\" is ignored (known keys: "
                        + known
                        + ")"
                        + fix));
  }

  /** A string field, null if absent; a non-string adds an error naming {@code at} and the key. */
  static String textField(JsonNode node, String key, String at, List<String> errors) {
    JsonNode v = node.get(key);
    return present(v, JsonNode::isTextual, at + ": \"" + key + "\" must be a string", errors)
        ? v.textValue()
        : null;
  }
}
