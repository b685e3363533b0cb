package io.mcpbot.bot.internal;

import io.mcpbot.bot.BotServices;
import io.mcpbot.bot.ConnectLinks;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.ServerProblem;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.oauth.OAuthConnections;
import io.mcpbot.core.users.ServerOverview;
import io.mcpbot.core.users.UserServers;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles a user's {@link HomePage} from {@link UserServers#overview} and the user's tool listing
 * in the {@link SessionPool}, which starts their servers only where their lease is (another replica
 * holding it: the servers are shown from the store and nothing starts here); remembers what each
 * server asks for so the credential modal opens without a database round trip. Reads only, apart
 * from taking the user's lease (as a turn does): it creates, updates and marks nothing.
 * Thread-safe.
 */
final class HomeAssembler {
  private static final Logger log = LoggerFactory.getLogger(HomeAssembler.class);
  private static final int MAX_ERROR_CHARS = 300;

  private final BotServices core;
  private final HomeSettings settings;
  // The user's tool listing that outlived toolsWait, until it ends (see whenToolsSettled).
  private final Map<String, CompletableFuture<ToolCatalog>> starting = new ConcurrentHashMap<>();
  // What each server asks for, as of the last Home built: the credential modal opens from this
  // while Slack's 3 s trigger_id runs.
  private final Map<String, List<CredentialSpec>> specs = new ConcurrentHashMap<>();

  /**
   * How a Home is assembled: how long it waits for the user's tools (listed on {@code executor}),
   * and where OAuth buttons point ({@code oauth} null: no server shows them).
   */
  record HomeSettings(
      Duration toolsWait, Executor executor, OAuthConnections oauth, ConnectLinks links) {}

  HomeAssembler(BotServices core, HomeSettings settings) {
    this.core = core;
    this.settings = settings;
  }

  /**
   * Whether this replica may start the user's sessions: it holds their lease or just took it (one
   * process: always). Otherwise another replica runs them and the Home starts nothing here.
   */
  boolean sessionsHere(String user) {
    return core.handoff() == null || core.handoff().runsHere(user);
  }

  HomePage assemble(String user) {
    List<ServerOverview> overview = core.users().overview(user);
    boolean anyEnabled = overview.stream().anyMatch(ServerOverview::enabled);
    // the lease is taken only for a user with something to start
    boolean elsewhere = anyEnabled && !sessionsHere(user);
    CompletableFuture<ToolCatalog> listing = anyEnabled && !elsewhere ? listTools(user) : null;
    ToolCatalog catalog = listing == null ? null : await(user, listing);
    boolean toolsStarting = listing != null && !listing.isDone();
    Map<String, String> problems = new HashMap<>();
    List<String> tools = new ArrayList<>();
    if (catalog != null) {
      for (ServerProblem p : catalog.problems()) {
        problems.put(p.server(), p.reason());
      }
      for (McpTool t : catalog.tools()) {
        tools.add(t.server() + "." + t.tool());
      }
    }
    List<HomePage.Row> rows = new ArrayList<>();
    for (ServerOverview o : overview) {
      specs.put(o.name(), o.definition().requiredCredentials());
      boolean on = o.enabled() && o.missingCredentials().isEmpty();
      String failure = on ? failure(user, o.name(), problems.get(o.name())) : null;
      OAuthConnections.Status status = oauthStatus(user, o);
      URI connect = status == null ? null : settings.links().startUrl(user, o.name()).orElse(null);
      rows.add(new HomePage.Row(o, failure, status, connect));
    }
    return new HomePage(tools, rows, toolsStarting, elsewhere);
  }

  /**
   * Runs {@code refresh} once the tool listing that outlived the wait in the last {@link #assemble}
   * has ended (at once when none is pending). Returns at once.
   */
  void whenToolsSettled(String user, Runnable refresh) {
    CompletableFuture<ToolCatalog> listing = starting.get(user);
    if (listing == null) {
      refresh.run();
    } else {
      listing.whenComplete((catalog, error) -> refresh.run());
    }
  }

  /** The user's active remote server of that name. */
  Optional<RemoteServer> remote(String user, String server) {
    return core.users().overview(user).stream()
        .filter(o -> o.name().equals(server))
        .map(ServerOverview::definition)
        .flatMap(d -> d instanceof RemoteServer r ? Stream.of(r) : Stream.empty())
        .findFirst();
  }

  // A status that cannot be read leaves the row without OAuth buttons rather than the Home blank.
  private OAuthConnections.Status oauthStatus(String user, ServerOverview o) {
    if (settings.oauth() == null || !(o.definition() instanceof RemoteServer remote)) {
      return null;
    }
    try {
      return settings.oauth().status(user, remote);
    } catch (RuntimeException e) {
      log.warn("OAuth status of {} for user {} unavailable: {}", o.name(), user, e.getMessage());
      return null;
    }
  }

  /** What the server asks for, from the last Home built or else from configuration. */
  List<CredentialSpec> credentialSpecs(String server) {
    List<CredentialSpec> known = specs.get(server);
    return known != null ? known : core.users().credentialSpecs(server);
  }

  // The overview's status predates the catalog call that may have just started the server.
  private String failure(String user, String server, String problem) {
    return switch (core.pool().status(user, server)) {
      case ServerStatus.Failing f -> describe(f.reason(), f.lastStderr(), null);
      case ServerStatus.CircuitOpen c ->
          describe(c.reason(), c.lastStderr(), "paused after repeated failures");
      case ServerStatus.Running r -> null;
      case ServerStatus.NotStarted n -> problem == null ? null : describe(problem, "", null);
    };
  }

  private static String describe(String reason, String stderr, String note) {
    StringBuilder text = new StringBuilder(reason == null ? "" : reason.strip());
    String last = lastLine(stderr);
    if (!last.isEmpty() && !text.toString().contains(last)) {
      text.append(text.isEmpty() ? "" : " | ").append(last);
    }
    if (note != null) {
      text.append(" (").append(note).append(')');
    }
    return HomeView.cut(text.toString(), MAX_ERROR_CHARS);
  }

  private static String lastLine(String text) {
    if (text == null) {
      return "";
    }
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.isEmpty() ? "" : lines.getLast();
  }

  // Listing tools starts the user's enabled servers (the Home is where they warm up); a slow
  // server must not hold the Home back, so it is shown without that server's tools and published
  // again when the listing ends (whenToolsSettled).
  private CompletableFuture<ToolCatalog> listTools(String user) {
    return CompletableFuture.supplyAsync(() -> core.pool().catalog(user), settings.executor());
  }

  private ToolCatalog await(String user, CompletableFuture<ToolCatalog> f) {
    try {
      return f.get(settings.toolsWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.debug(
          "tools of user {} not ready within {}; Home shown without them",
          user,
          settings.toolsWait());
      starting.put(user, f);
      f.whenComplete((catalog, error) -> starting.remove(user, f));
      return null;
    } catch (ExecutionException e) {
      log.warn("listing the tools of user {} failed: {}", user, e.getCause().getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
