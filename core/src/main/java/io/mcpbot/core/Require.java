package io.mcpbot.core;

import java.util.List;
import java.util.Map;

/**
 * Checks and copies for the compact constructors of value records: one line names every component
 * that must be set; an optional collection left null reads as empty. Stateless; thread-safe.
 */
public final class Require {
  private Require() {}

  /**
   * Throws a {@link NullPointerException} naming the first null value.
   *
   * @param names the components' names, comma separated, in the order of {@code values}
   */
  public static void nonNull(String names, Object... values) {
    // runs in per-message records (TurnInput): the names are split only to report a null
    int count = 1 + (int) names.chars().filter(c -> c == ',').count();
    if (count != values.length) {
      throw new IllegalArgumentException(count + " names for " + values.length + " values");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new NullPointerException(names.split(",\\s*")[i]);
      }
    }
  }

  /** An immutable copy of {@code list}, empty when it is null (an optional key left out). */
  public static <T> List<T> copyOrEmpty(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** An immutable copy of {@code map}, empty when it is null (an optional key left out). */
  public static <K, V> Map<K, V> copyOrEmpty(Map<K, V> map) {
    return map == null ? Map.of() : Map.copyOf(map);
  }
}
