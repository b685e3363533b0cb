package io.mcpbot.bot.internal;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.users.ServerOverview;
import java.util.List;
import java.util.Objects;

/**
 * One user's App Home as assembled from core's {@link ServerOverview}s and their tool listing, for
 * {@link HomeView} to render. Immutable.
 *
 * @param activeTools the user's tools as {@code server.tool} names
 * @param servers every active server, in display order
 * @param toolsStarting some enabled servers were still starting, so {@code activeTools} may be
 *     incomplete and the Home is published again once they are up
 */
record HomePage(List<String> activeTools, List<Row> servers, boolean toolsStarting) {
  HomePage {
    activeTools = List.copyOf(activeTools);
    servers = List.copyOf(servers);
  }

  /**
   * One server as the user sees it.
   *
   * @param overview core's view of the server for this user
   * @param failure why its session fails, safe to show (no secrets); null when it does not
   */
  record Row(ServerOverview overview, String failure) {
    Row {
      Objects.requireNonNull(overview, "overview");
    }

    String name() {
      return overview.name();
    }

    String description() {
      String d = overview.definition().description();
      return d == null ? "" : d;
    }

    List<CredentialSpec> credentials() {
      return overview.definition().requiredCredentials();
    }

    boolean credentialsStored() {
      return !overview.storedCredentials().isEmpty();
    }

    /** Required credentials are missing: the server cannot be enabled before they are given. */
    boolean needsCredentials() {
      return !overview.missingCredentials().isEmpty();
    }

    /** Enabled by the user and usable (failing or not). */
    boolean on() {
      return overview.enabled() && !needsCredentials();
    }

    boolean failing() {
      return on() && failure != null;
    }
  }
}
