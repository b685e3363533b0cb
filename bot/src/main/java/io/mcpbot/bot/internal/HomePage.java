package io.mcpbot.bot.internal;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.oauth.OAuthConnections;
import io.mcpbot.core.users.ServerOverview;
import java.net.URI;
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
 * @param elsewhere another replica holds the user's lease and runs their servers: none was started
 *     here, so {@code activeTools} is empty and the rows come from the store alone
 */
record HomePage(
    List<String> activeTools, List<Row> servers, boolean toolsStarting, boolean elsewhere) {
  HomePage {
    activeTools = List.copyOf(activeTools);
    servers = List.copyOf(servers);
  }

  /** A Home built where the user's servers run. */
  HomePage(List<String> activeTools, List<Row> servers, boolean toolsStarting) {
    this(activeTools, servers, toolsStarting, false);
  }

  /**
   * One server as the user sees it.
   *
   * @param overview core's view of the server for this user
   * @param failure why its session fails, safe to show (no secrets); null when it does not
   * @param oauth where the user stands with the server's OAuth; null when it needs none
   * @param connectUrl the signed start URL for Connect; null when PUBLIC_URL is not set
   */
  record Row(
      ServerOverview overview, String failure, OAuthConnections.Status oauth, URI connectUrl) {
    Row {
      Objects.requireNonNull(overview, "overview");
      oauth = oauth == OAuthConnections.Status.NOT_REQUIRED ? null : oauth;
    }

    /** A server that needs no OAuth. */
    Row(ServerOverview overview, String failure) {
      this(overview, failure, null, null);
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
