package io.mcpbot.core.oauth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scope selection as the MCP authorization spec orders it: the challenge's {@code scope}, else the
 * pre-registered client's scopes, else the Protected Resource Metadata's {@code scopes_supported},
 * else none (the parameter is omitted); {@code offline_access} added where the authorization server
 * offers it. Stateless.
 */
final class Scopes {
  static final String OFFLINE_ACCESS = "offline_access";

  private Scopes() {}

  static List<String> split(String scope) {
    if (scope == null || scope.isBlank()) {
      return List.of();
    }
    return Arrays.stream(scope.strip().split("\\s+")).distinct().toList();
  }

  static String join(Collection<String> scopes) {
    return scopes.isEmpty() ? null : String.join(" ", scopes);
  }

  /**
   * The scope to request, or null to omit it.
   *
   * @param challenged scopes from the challenge (possibly a step-up), possibly empty
   * @param granted scopes the current grant already holds (kept on step-up), possibly empty
   * @param configured the pre-registered client's scopes, possibly empty
   * @param resourceSupported the PRM's {@code scopes_supported}, possibly empty
   * @param serverSupported the authorization server's {@code scopes_supported}, possibly empty
   */
  static String select(
      List<String> challenged,
      List<String> granted,
      List<String> configured,
      List<String> resourceSupported,
      List<String> serverSupported) {
    Set<String> chosen = new LinkedHashSet<>();
    if (!challenged.isEmpty()) {
      chosen.addAll(granted);
      chosen.addAll(challenged);
    } else if (!configured.isEmpty()) {
      chosen.addAll(configured);
    } else {
      chosen.addAll(resourceSupported);
    }
    // a refresh token needs offline_access at many servers; ask only where the AS lists it
    if (!chosen.isEmpty() && serverSupported.contains(OFFLINE_ACCESS)) {
      chosen.add(OFFLINE_ACCESS);
    }
    return join(new ArrayList<>(chosen));
  }

  /** True when {@code held} already covers every scope in {@code wanted}. */
  static boolean covers(List<String> held, List<String> wanted) {
    return held.containsAll(wanted);
  }
}
