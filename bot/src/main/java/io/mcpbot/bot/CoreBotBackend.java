package io.mcpbot.bot;

import io.mcpbot.bot.HomeState.ServerEntry;
import io.mcpbot.core.agent.TurnInput;
import io.mcpbot.core.agent.TurnListener;
import io.mcpbot.core.agent.TurnRunner;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.ServerProblem;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.users.EnableOutcome;
import io.mcpbot.core.users.SaveOutcome;
import io.mcpbot.core.users.ServerOverview;
import io.mcpbot.core.users.UserServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BotBackend} over the core services: event dedupe and users in the {@link Store}, the
 * user's servers and credentials through {@link UserServers}, their tools from the {@link
 * SessionPool}, and turns through a {@link TurnRunner}. Thread-safe as its parts are.
 */
public final class CoreBotBackend implements BotBackend {
  private static final Logger log = LoggerFactory.getLogger(CoreBotBackend.class);
  private static final int MAX_ERROR_CHARS = 300;

  private final Store store;
  private final UserServers users;
  private final SessionPool pool;
  private final TurnRunner turns;
  private final Duration toolsWait;
  // The user's tool listing that outlived toolsWait, until it ends (see whenToolsSettled).
  private final Map<String, CompletableFuture<ToolCatalog>> starting = new ConcurrentHashMap<>();
  // What each server asks for, as of the last Home built: the credential modal opens from this
  // without a database round trip while Slack's 3 s trigger_id runs.
  private final Map<String, List<CredentialSpec>> specs = new ConcurrentHashMap<>();

  /**
   * @param toolsWait how long building the App Home waits for the user's servers to list their
   *     tools (starting them if needed) before showing the Home without the ones still starting
   */
  public CoreBotBackend(
      Store store, UserServers users, SessionPool pool, TurnRunner turns, Duration toolsWait) {
    this.store = Objects.requireNonNull(store, "store");
    this.users = Objects.requireNonNull(users, "users");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.turns = Objects.requireNonNull(turns, "turns");
    this.toolsWait = Objects.requireNonNull(toolsWait, "toolsWait");
  }

  /** With a 2 s wait for the user's tools on the App Home. */
  public CoreBotBackend(Store store, UserServers users, SessionPool pool, TurnRunner turns) {
    this(store, users, pool, turns, Duration.ofSeconds(2));
  }

  @Override
  public boolean firstDelivery(String deliveryKey) {
    return store.events().markProcessed(deliveryKey);
  }

  @Override
  public boolean knowsUser(String slackUserId) {
    return store.users().findBySlackId(slackUserId).isPresent();
  }

  @Override
  public void ensureUser(String slackUserId, UserProfile profile) {
    users.ensureUser(slackUserId, profile);
  }

  @Override
  public String answer(TurnRequest request, TurnProgress progress) {
    TurnInput input =
        new TurnInput(request.userId(), request.channelId(), request.threadTs(), request.text());
    return turns.run(input, listener(progress)).answer();
  }

  @Override
  public HomeState home(String slackUserId) {
    List<ServerOverview> overview = users.overview(slackUserId);
    boolean anyEnabled = overview.stream().anyMatch(ServerOverview::enabled);
    CompletableFuture<ToolCatalog> listing = anyEnabled ? listTools(slackUserId) : null;
    ToolCatalog catalog = listing == null ? null : await(slackUserId, listing);
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
    List<ServerEntry> entries = new ArrayList<>();
    for (ServerOverview o : overview) {
      List<CredentialSpec> specs = o.definition().requiredCredentials();
      this.specs.put(o.name(), specs);
      entries.add(
          new ServerEntry(
              o.name(),
              o.definition().description(),
              status(slackUserId, o, problems.get(o.name())),
              specs,
              !o.storedCredentials().isEmpty()));
    }
    return new HomeState(tools, entries, toolsStarting);
  }

  @Override
  public void whenToolsSettled(String slackUserId, Runnable refresh) {
    CompletableFuture<ToolCatalog> listing = starting.get(slackUserId);
    if (listing == null) {
      refresh.run();
    } else {
      listing.whenComplete((catalog, error) -> refresh.run());
    }
  }

  private HomeState.ServerStatus status(String user, ServerOverview o, String problem) {
    if (!o.missingCredentials().isEmpty()) {
      return HomeState.ServerStatus.NEEDS_CREDENTIALS;
    }
    if (!o.enabled()) {
      return HomeState.ServerStatus.DISABLED;
    }
    // The overview's status predates the catalog call that may have just started the server.
    ServerStatus now = pool.status(user, o.name());
    return switch (now) {
      case ServerStatus.Failing f -> failing(f.reason(), f.lastStderr(), null);
      case ServerStatus.CircuitOpen c ->
          failing(c.reason(), c.lastStderr(), "paused after repeated failures");
      case ServerStatus.Running r -> HomeState.ServerStatus.ENABLED;
      case ServerStatus.NotStarted n ->
          problem == null ? HomeState.ServerStatus.ENABLED : failing(problem, "", null);
    };
  }

  private static HomeState.ServerStatus failing(String reason, String stderr, String note) {
    StringBuilder text = new StringBuilder(reason == null ? "" : reason.strip());
    String last = lastLine(stderr);
    if (!last.isEmpty() && !text.toString().contains(last)) {
      text.append(text.isEmpty() ? "" : " | ").append(last);
    }
    if (note != null) {
      text.append(" (").append(note).append(')');
    }
    String s = text.toString();
    if (s.length() > MAX_ERROR_CHARS) {
      s = s.substring(0, MAX_ERROR_CHARS - 1) + "…";
    }
    return new HomeState.ServerStatus.Failing(s);
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
    CompletableFuture<ToolCatalog> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("home-tools")
        .start(
            () -> {
              try {
                f.complete(pool.catalog(user));
              } catch (RuntimeException e) {
                f.completeExceptionally(e);
              }
            });
    return f;
  }

  private ToolCatalog await(String user, CompletableFuture<ToolCatalog> f) {
    try {
      return f.get(toolsWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.debug("tools of user {} not ready within {}; Home shown without them", user, toolsWait);
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

  @Override
  public List<CredentialSpec> credentialSpecs(String server) {
    List<CredentialSpec> known = specs.get(server);
    return known != null ? known : users.credentialSpecs(server);
  }

  @Override
  public EnableOutcome enable(String slackUserId, String server) {
    return users.enable(slackUserId, server);
  }

  @Override
  public void disable(String slackUserId, String server) {
    users.disable(slackUserId, server);
  }

  @Override
  public void removeCredentials(String slackUserId, String server) {
    users.removeCredentials(slackUserId, server);
  }

  @Override
  public SaveOutcome saveCredentials(
      String slackUserId, String server, Map<String, String> valuesByCredentialName) {
    return users.saveCredentials(slackUserId, server, valuesByCredentialName);
  }

  static TurnListener listener(TurnProgress progress) {
    return new TurnListener() {
      @Override
      public void thinking() {
        progress.thinking();
      }

      @Override
      public void toolStarted(String server, String tool) {
        progress.toolStarted(server, tool);
      }

      @Override
      public void toolFinished(String server, String tool, boolean ok, Duration took) {
        progress.toolFinished(server, tool, ok);
      }

      @Override
      public void answerReady() {
        progress.answerReady();
      }
    };
  }
}
