package io.mcpbot.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a server's {@code "approval"} and {@code "safe_tools"} keys, adding exact problems that
 * name the server and the fix. Not thread-safe; one instance per entry.
 */
record ApprovalKeys(String where, List<String> errors, List<String> warnings) {

  /** The policy; the default for absent keys and for keys with errors (which were added). */
  ApprovalPolicy parse(JsonNode node) {
    ApprovalPolicy.Mode mode = mode(node.get("approval"));
    List<String> safe = safeTools(node.get("safe_tools"));
    if (!safe.isEmpty() && mode != ApprovalPolicy.Mode.WRITES) {
      warnings.add(
          where
              + ": \"safe_tools\" only matters with \"approval\": \"writes\" and is ignored here");
    }
    return new ApprovalPolicy(mode, safe);
  }

  private ApprovalPolicy.Mode mode(JsonNode v) {
    if (v == null || v.isNull()) {
      return ApprovalPolicy.Mode.WRITES;
    }
    if (v.isTextual()) {
      for (ApprovalPolicy.Mode m : ApprovalPolicy.Mode.values()) {
        if (name(m).equals(v.textValue())) {
          return m;
        }
      }
    }
    errors.add(where + ": \"approval\" must be \"never\", \"writes\" or \"always\"");
    return ApprovalPolicy.Mode.WRITES;
  }

  private List<String> safeTools(JsonNode v) {
    List<String> out = new ArrayList<>();
    String notArray = where + ": \"safe_tools\" must be an array of tool names";
    JsonChecks.eachItem(
        v,
        notArray,
        errors,
        (item, i) -> {
          if (item.isTextual() && !item.textValue().isBlank()) {
            out.add(item.textValue());
          } else {
            errors.add(where + ": safe_tools[" + i + "] must be a tool name (a non-empty string)");
          }
        });
    return out;
  }

  /** The mode as written in servers_config.json. */
  static String name(ApprovalPolicy.Mode mode) {
    return mode.name().toLowerCase(Locale.ROOT);
  }
}
