package io.mcpbot.core.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The user's answer to an {@link ElicitationRequest}: accept (with the values, form mode), decline
 * or cancel. Immutable; {@code toString} never shows the values.
 */
public sealed interface ElicitationAnswer {
  /** The user accepted; {@code content} holds the form values (empty in URL mode). */
  record Accept(Map<String, Object> content) implements ElicitationAnswer {
    public Accept {
      // values may be null-free JSON scalars; copied so the caller cannot change them later
      content =
          java.util.Collections.unmodifiableMap(
              new LinkedHashMap<>(Objects.requireNonNull(content, "content")));
    }

    @Override
    public String toString() {
      return "Accept[" + content.size() + " values <masked>]";
    }
  }

  /** The user said no. */
  record Decline() implements ElicitationAnswer {}

  /** The user dismissed the request, or nobody could answer it. */
  record Cancel() implements ElicitationAnswer {}

  static ElicitationAnswer accept(Map<String, Object> content) {
    return new Accept(content);
  }

  static ElicitationAnswer decline() {
    return new Decline();
  }

  static ElicitationAnswer cancel() {
    return new Cancel();
  }
}
