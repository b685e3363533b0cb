package io.mcpbot.core;

import java.util.List;

/**
 * Null checks for the compact constructors of value records: one line names every component that
 * must be set. Stateless; thread-safe.
 */
public final class Require {
  private Require() {}

  /**
   * Throws a {@link NullPointerException} naming the first null value.
   *
   * @param names the components' names, comma separated, in the order of {@code values}
   */
  public static void nonNull(String names, Object... values) {
    List<String> n = List.of(names.split(",\\s*"));
    if (n.size() != values.length) {
      throw new IllegalArgumentException(n.size() + " names for " + values.length + " values");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new NullPointerException(n.get(i));
      }
    }
  }
}
