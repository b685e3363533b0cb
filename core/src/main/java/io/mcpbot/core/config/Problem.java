package io.mcpbot.core.config;

import io.mcpbot.core.Require;

/**
 * One configuration problem found while loading: the capability it blocks (null when every command
 * reports it, like a .env syntax error), the variable it is about, and a message naming the
 * variable and the fix, never a secret value. Immutable.
 *
 * @param need the capability this blocks, or null for a general problem
 * @param variable the variable (or file) at fault
 * @param message the sentence shown to the operator
 */
public record Problem(Need need, String variable, String message) {
  public Problem {
    Require.nonNull("variable, message", variable, message);
  }

  @Override
  public String toString() {
    return message;
  }
}
