package io.mcpbot.cli.conformance;

import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import io.mcpbot.core.mcp.Elicitor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accepts every form elicitation with the defaults its schema declares (SEP-1034) and every URL
 * elicitation as is: what the conformance suite expects of a client without a user. Stateless and
 * thread-safe.
 */
final class DefaultsElicitor implements Elicitor {
  @Override
  public ElicitationAnswer elicit(ElicitationRequest request) {
    Map<String, Object> content = new LinkedHashMap<>();
    if (request.requestedSchema().get("properties") instanceof Map<?, ?> props) {
      props.forEach(
          (name, p) -> {
            if (p instanceof Map<?, ?> prop && prop.get("default") != null) {
              content.put(String.valueOf(name), prop.get("default"));
            }
          });
    }
    return ElicitationAnswer.accept(content);
  }
}
