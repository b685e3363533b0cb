package io.mcpbot.core.store;

import io.mcpbot.core.Require;

/**
 * One compare-and-set of a credential row: replace {@code expected} by {@code replacement}.
 * Immutable; both tokens are masked in {@link #toString()}.
 */
public record CredentialSwap(long id, String expected, String replacement) {
  public CredentialSwap {
    Require.nonNull("expected, replacement", expected, replacement);
  }

  @Override
  public String toString() {
    return "CredentialSwap[id=" + id + "]";
  }
}
