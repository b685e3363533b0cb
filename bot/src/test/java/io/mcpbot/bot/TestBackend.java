package io.mcpbot.bot;

import io.mcpbot.bot.HomeState.ServerEntry;
import io.mcpbot.bot.HomeState.ServerStatus;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.users.EnableOutcome;
import io.mcpbot.core.users.SaveOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** An in-memory BotBackend for the bot's tests, until the core-backed one exists. */
final class TestBackend implements BotBackend {
  record Server(String name, String description, List<String> tools, List<CredentialSpec> specs) {}

  final Set<String> deliveries = ConcurrentHashMap.newKeySet();
  final Map<String, UserProfile> users = new ConcurrentHashMap<>();
  final List<TurnRequest> turns = new CopyOnWriteArrayList<>();
  final Map<String, Server> servers = new LinkedHashMap<>();
  final Map<String, Set<String>> enabled = new ConcurrentHashMap<>();
  final Map<String, Map<String, String>> stored = new ConcurrentHashMap<>();

  /** When set, saveCredentials waits for it (a slow database). */
  volatile java.util.concurrent.CountDownLatch saveGate;

  volatile BiFunction<TurnRequest, TurnProgress, String> answerer =
      (r, p) -> "You said: " + r.text();

  TestBackend() {
    server("everything", "Echo and friends", List.of("echo", "add"), List.of());
    server(
        "github",
        "GitHub issues and pull requests",
        List.of("list_issues"),
        List.of(
            new CredentialSpec(
                "api_key",
                "github_token",
                "A personal access token",
                "GITHUB_TOKEN",
                true,
                Pattern.compile("ghp_[A-Za-z0-9]{8,}"))));
  }

  void server(String name, String description, List<String> tools, List<CredentialSpec> specs) {
    servers.put(name, new Server(name, description, tools, specs));
  }

  @Override
  public boolean firstDelivery(String deliveryKey) {
    return deliveries.add(deliveryKey);
  }

  @Override
  public boolean knowsUser(String slackUserId) {
    return users.containsKey(slackUserId);
  }

  @Override
  public void ensureUser(String slackUserId, UserProfile profile) {
    users.put(slackUserId, profile);
  }

  @Override
  public String answer(TurnRequest request, TurnProgress progress) {
    turns.add(request);
    return answerer.apply(request, progress);
  }

  @Override
  public HomeState home(String user) {
    List<String> tools = new ArrayList<>();
    List<ServerEntry> entries = new ArrayList<>();
    Set<String> on = enabled.getOrDefault(user, Set.of());
    for (Server s : servers.values()) {
      boolean has = stored.containsKey(user + "/" + s.name());
      ServerStatus status =
          on.contains(s.name())
              ? ServerStatus.ENABLED
              : !s.specs().isEmpty() && !has
                  ? ServerStatus.NEEDS_CREDENTIALS
                  : ServerStatus.DISABLED;
      if (on.contains(s.name())) {
        s.tools().forEach(t -> tools.add(s.name() + "." + t));
      }
      entries.add(new ServerEntry(s.name(), s.description(), status, s.specs(), has));
    }
    return new HomeState(tools, entries);
  }

  @Override
  public List<CredentialSpec> credentialSpecs(String server) {
    Server s = servers.get(server);
    return s == null ? List.of() : s.specs();
  }

  @Override
  public EnableOutcome enable(String user, String server) {
    Server s = servers.get(server);
    if (!s.specs().isEmpty() && !stored.containsKey(user + "/" + server)) {
      return new EnableOutcome.NeedsCredentials(s.specs());
    }
    enabled.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(server);
    return new EnableOutcome.Enabled();
  }

  @Override
  public void disable(String user, String server) {
    enabled.getOrDefault(user, ConcurrentHashMap.newKeySet()).remove(server);
  }

  @Override
  public void removeCredentials(String user, String server) {
    stored.remove(user + "/" + server);
    disable(user, server);
  }

  @Override
  public SaveOutcome saveCredentials(String user, String server, Map<String, String> values) {
    if (saveGate != null) {
      try {
        saveGate.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Map<String, String> errors = new LinkedHashMap<>();
    for (CredentialSpec spec : credentialSpecs(server)) {
      String v = values.get(spec.name());
      if (v == null && spec.required()) {
        errors.put(spec.name(), "Required");
      } else if (v != null && !spec.accepts(v)) {
        errors.put(spec.name(), "Does not match the expected format");
      }
    }
    if (!errors.isEmpty()) {
      return new SaveOutcome.Invalid(errors);
    }
    stored.put(user + "/" + server, Map.copyOf(values));
    enabled.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(server);
    return new SaveOutcome.Saved();
  }
}
