package io.mcpbot.core.config;

import io.mcpbot.core.McpbotException;
import java.util.List;

/**
 * Configuration is missing or invalid. Carries every problem found (not just the first), each
 * naming the variable or key and the fix, never a secret value. Immutable.
 */
public class ConfigException extends McpbotException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as its own sentence, in the order found. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    if (problems.size() == 1) {
      return problems.getFirst();
    }
    StringBuilder sb = new StringBuilder(problems.size() + " configuration problems:");
    for (String p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
