package io.mcpbot.core.users;

import io.mcpbot.core.McpbotException;
import io.mcpbot.core.Require;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.cluster.ReplicaId;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.crypto.SecretBox;
import io.mcpbot.core.mcp.ServerStatus;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.StoredCredential;
import io.mcpbot.core.store.User;
import io.mcpbot.core.store.UserProfile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A user's choice of servers and their credentials: what the App Home and {@code mcpbot chat} show
 * and change. Every change that affects a running server closes that user's session so the next use
 * starts with the new state, and is published to the session change log in the same transaction so
 * other replicas close theirs too. Thread-safe.
 */
public final class UserServers {
  /** Longest credential value accepted; anything longer is a paste mistake, not a token. */
  static final int MAX_VALUE_LENGTH = 8192;

  /** How long saving credentials waits for the old session to end before returning anyway. */
  static final java.time.Duration RESTART_WAIT = java.time.Duration.ofSeconds(1);

  private final Store store;
  private final SecretBox box;
  private final SessionPool pool;
  private final ServerDirectory directory;
  private final ReplicaId replica;

  /** Changes are published as made by {@link ReplicaId#PROCESS}. */
  public UserServers(Store store, SecretBox box, SessionPool pool, ServerDirectory directory) {
    this(store, box, pool, directory, ReplicaId.PROCESS);
  }

  /** Changes are published as made by {@code replica} (the id its change feed skips). */
  public UserServers(
      Store store, SecretBox box, SessionPool pool, ServerDirectory directory, ReplicaId replica) {
    Require.nonNull("store, box, pool, directory, replica", store, box, pool, directory, replica);
    this.store = store;
    this.box = box;
    this.pool = pool;
    this.directory = directory;
    this.replica = replica;
  }

  /** Sets the server enabled or not and announces the change, in one transaction. */
  private void setEnabled(
      String slackUserId, long userId, long serverId, String server, boolean on) {
    store.useTransaction(
        tx -> {
          tx.serverConfigs().setEnabled(userId, serverId, on);
          tx.sessionChanges().publish(slackUserId, server, replica.value());
        });
  }

  /** Creates the user on first contact, or refreshes their profile; returns the stored row. */
  public User ensureUser(String slackUserId, UserProfile profile) {
    return store.users().upsert(slackUserId, profile == null ? UserProfile.empty() : profile);
  }

  /** The credentials a server asks for, from configuration only (no process, no decryption). */
  public List<CredentialSpec> credentialSpecs(String server) {
    return directory.find(server).map(e -> e.definition().requiredCredentials()).orElse(List.of());
  }

  /**
   * Every active server this user may use ({@code allowed_users}) as they see it, in name order. A
   * pure read: writes nothing, not even for a user never seen before (who has nothing enabled or
   * stored).
   */
  public List<ServerOverview> overview(String slackUserId) {
    Long userId = store.users().findBySlackId(slackUserId).map(User::id).orElse(null);
    Set<String> enabled =
        userId == null ? Set.of() : new HashSet<>(store.serverConfigs().enabledServerNames(userId));
    List<ServerOverview> out = new ArrayList<>();
    for (ServerDirectory.Entry e : directory.active().values()) {
      if (!e.definition().allows(slackUserId)) {
        continue; // allowed_users leaves this user out: not offered at all
      }
      Set<String> stored =
          userId == null
              ? Set.of()
              : store.credentials().findAll(userId, e.id()).stream()
                  .map(StoredCredential::name)
                  .collect(Collectors.toSet());
      ServerStatus status = pool.status(slackUserId, e.definition().name());
      out.add(new ServerOverview(e.definition(), enabled.contains(e.row().name()), stored, status));
    }
    return out;
  }

  /**
   * Enables a server for the user when every required credential is stored (then prewarms its
   * session); otherwise changes nothing and says which credentials are missing. Throws {@link
   * McpbotException} when the server's {@code allowed_users} leave the user out.
   */
  public EnableOutcome enable(String slackUserId, String server) {
    return enable(slackUserId, server, true);
  }

  /**
   * {@link #enable(String, String)}, prewarming the session only when {@code warm}: a replica that
   * does not hold the user's lease must not start their server (the holder starts it on use).
   */
  public EnableOutcome enable(String slackUserId, String server, boolean warm) {
    ServerDirectory.Entry entry = requireAllowed(slackUserId, server);
    User user = ensureUser(slackUserId, null);
    Set<String> stored = storedNames(user, entry);
    List<CredentialSpec> missing =
        entry.definition().requiredCredentials().stream()
            .filter(c -> c.required() && !stored.contains(c.name()))
            .toList();
    if (!missing.isEmpty()) {
      return new EnableOutcome.NeedsCredentials(missing);
    }
    setEnabled(slackUserId, user.id(), entry.id(), server, true);
    pool.invalidate(slackUserId, server);
    if (warm) {
      pool.prewarm(slackUserId, server);
    }
    return new EnableOutcome.Enabled();
  }

  /** Disables the server for the user and ends their session; stored credentials are kept. */
  public void disable(String slackUserId, String server) {
    User user = ensureUser(slackUserId, null);
    setEnabled(slackUserId, user.id(), require(server).id(), server, false);
    pool.invalidate(slackUserId, server);
  }

  /** Deletes the user's credentials for the server, disables it and ends their session. */
  public void removeCredentials(String slackUserId, String server) {
    User user = ensureUser(slackUserId, null);
    long serverId = require(server).id();
    store.useTransaction(
        tx -> {
          tx.credentials().deleteAll(user.id(), serverId);
          tx.serverConfigs().setEnabled(user.id(), serverId, false);
          tx.sessionChanges().publish(slackUserId, server, replica.value());
        });
    pool.invalidate(slackUserId, server);
  }

  /**
   * Validates submitted values (by credential name) against each credential's rules, then stores
   * them encrypted, enables the server and restarts the user's session with the new values. A blank
   * field keeps the value already stored, so "Update credentials" may change just one. Nothing is
   * stored when any value is rejected. Waits at most {@link #RESTART_WAIT} for the old session to
   * end (Slack's modal allows 3 s); a slower restart completes in the background.
   */
  public SaveOutcome saveCredentials(
      String slackUserId, String server, Map<String, String> valuesByName) {
    return saveCredentials(slackUserId, server, valuesByName, true);
  }

  /**
   * {@link #saveCredentials(String, String, Map)}, starting the session again only when {@code
   * warm} (this replica holds the user's lease); otherwise the old session is only closed.
   */
  public SaveOutcome saveCredentials(
      String slackUserId, String server, Map<String, String> valuesByName, boolean warm) {
    ServerDirectory.Entry entry = requireAllowed(slackUserId, server);
    User user = ensureUser(slackUserId, null);
    Set<String> stored = storedNames(user, entry);
    Map<String, String> errors = new LinkedHashMap<>();
    Map<CredentialSpec, String> accepted = new LinkedHashMap<>();
    for (CredentialSpec spec : entry.definition().requiredCredentials()) {
      String raw = valuesByName.get(spec.name());
      String value = raw == null ? "" : raw.strip();
      if (value.isEmpty()) {
        if (spec.required() && !stored.contains(spec.name())) {
          errors.put(spec.name(), spec.description() + " is required.");
        }
        continue;
      }
      String problem = check(spec, value);
      if (problem != null) {
        errors.put(spec.name(), problem);
      } else {
        accepted.put(spec, value);
      }
    }
    if (!errors.isEmpty()) {
      return new SaveOutcome.Invalid(errors);
    }
    Map<CredentialSpec, String> tokens = new LinkedHashMap<>();
    accepted.forEach((spec, value) -> tokens.put(spec, box.encrypt(value)));
    store.useTransaction(
        tx -> {
          tokens.forEach(
              (spec, token) ->
                  tx.credentials().put(user.id(), entry.id(), spec.name(), spec.type(), token));
          tx.serverConfigs().setEnabled(user.id(), entry.id(), true);
          tx.sessionChanges().publish(slackUserId, server, replica.value());
        });
    // The Slack modal waits at most 3 s for this answer, and ending the old session may take up
    // to the pool's kill grace (a server ignoring SIGTERM): wait a bounded time for the restart,
    // which is ~100 ms for a well-behaved server, and let a slow one finish in the background.
    Thread restart =
        Thread.ofVirtual()
            .name("mcp-restart")
            .start(
                () -> {
                  pool.invalidate(slackUserId, server);
                  if (warm) {
                    pool.prewarm(slackUserId, server);
                  }
                });
    try {
      restart.join(RESTART_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new SaveOutcome.Saved();
  }

  private static String check(CredentialSpec spec, String value) {
    if (value.length() > MAX_VALUE_LENGTH) {
      return "That is longer than " + MAX_VALUE_LENGTH + " characters; paste only the value.";
    }
    if (value.chars().anyMatch(ch -> ch < 0x20 && ch != '\t')) {
      return "That contains line breaks or control characters; paste the value on one line.";
    }
    if (!spec.accepts(value)) {
      return "That does not look like a "
          + spec.description()
          + spec.validation().map(p -> " (expected format: " + p.pattern() + ")").orElse("")
          + ".";
    }
    return null;
  }

  /**
   * The server, or a {@link McpbotException} if it is missing or its allowed_users omit the user.
   */
  private ServerDirectory.Entry requireAllowed(String slackUserId, String server) {
    ServerDirectory.Entry entry = require(server);
    if (!entry.definition().allows(slackUserId)) {
      throw new McpbotException(ServerDirectory.notAllowed(slackUserId, server));
    }
    return entry;
  }

  private ServerDirectory.Entry require(String server) {
    return directory
        .find(server)
        .orElseThrow(
            () ->
                new McpbotException(
                    "There is no active server named '"
                        + server
                        + "'. Ask an admin to add it to servers_config.json and run"
                        + " `mcpbot sync-servers`."));
  }

  /** The names of the credentials the user has stored for the server. */
  private Set<String> storedNames(User user, ServerDirectory.Entry entry) {
    return store.credentials().findAll(user.id(), entry.id()).stream()
        .map(StoredCredential::name)
        .collect(Collectors.toSet());
  }
}
