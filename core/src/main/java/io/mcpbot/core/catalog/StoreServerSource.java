package io.mcpbot.core.catalog;

import io.mcpbot.core.Require;
import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.crypto.CryptoException;
import io.mcpbot.core.crypto.SecretBox;
import io.mcpbot.core.mcp.McpException;
import io.mcpbot.core.mcp.UserServer;
import io.mcpbot.core.mcp.UserServerSource;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.StoredCredential;
import io.mcpbot.core.store.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session pool's view of a user's enabled servers, read from the store. Credentials stay
 * encrypted here: each server's are read and decrypted (env var to plaintext) only when the pool
 * starts its session, so a turn on running sessions decrypts nothing. A credential no key opens
 * makes that one server unavailable with a reason naming the user, server and credential, never a
 * crash and never a silent empty value. Thread-safe.
 */
public final class StoreServerSource implements UserServerSource {
  private final Store store;
  private final SecretBox box;
  private final ServerDirectory directory;
  // a Slack id's row id never changes while the row lives, so a turn's own user lookup (in the
  // agent) is its only one; a user with nothing enabled is looked up again (a re-created row)
  private final Map<String, Long> userIds = new ConcurrentHashMap<>();

  public StoreServerSource(Store store, SecretBox box, ServerDirectory directory) {
    Require.nonNull("store, box, directory", store, box, directory);
    this.store = store;
    this.box = box;
    this.directory = directory;
  }

  @Override
  public List<UserServer> enabledServers(String slackUserId) {
    Long known = userIds.get(slackUserId);
    List<String> enabled = known == null ? List.of() : enabledNames(known);
    long userId;
    if (enabled.isEmpty()) {
      // first sight, or nothing enabled: look the row up, in case it was deleted and re-created
      Optional<User> user = store.users().findBySlackId(slackUserId);
      if (user.isEmpty()) {
        userIds.remove(slackUserId);
        return List.of();
      }
      userId = user.get().id();
      userIds.put(slackUserId, userId);
      enabled = known != null && known == userId ? enabled : enabledNames(userId);
      if (enabled.isEmpty()) {
        return List.of();
      }
    } else {
      userId = known;
    }
    Map<String, ServerDirectory.Entry> active = directory.active();
    List<UserServer> out = new ArrayList<>();
    long id = userId;
    for (String name : enabled) {
      ServerDirectory.Entry entry = active.get(name);
      if (entry == null) {
        continue;
      }
      if (!entry.definition().allows(slackUserId)) {
        // enabled before the admin restricted it: checked on every turn, never started
        out.add(
            UserServer.unavailable(
                entry.definition(), ServerDirectory.notAllowed(slackUserId, name)));
      } else {
        out.add(UserServer.deferred(entry.definition(), () -> decrypt(slackUserId, id, entry)));
      }
    }
    return out;
  }

  private List<String> enabledNames(long userId) {
    return store.serverConfigs().enabledServerNames(userId);
  }

  private Map<String, String> decrypt(String slackUserId, long userId, ServerDirectory.Entry e) {
    ServerDefinition def = e.definition();
    Map<String, String> byEnvVar = new HashMap<>();
    for (StoredCredential stored : store.credentials().findAll(userId, e.id())) {
      Optional<CredentialSpec> spec =
          def.requiredCredentials().stream()
              .filter(c -> c.name().equals(stored.name()))
              .findFirst();
      if (spec.isEmpty()) {
        continue; // the admin removed this credential from the config; it is no longer used
      }
      try {
        byEnvVar.put(spec.get().envVar(), box.decrypt(stored.encryptedValue()));
      } catch (CryptoException ex) {
        throw new McpException(
            "the stored credential '"
                + stored.name()
                + "' of user "
                + slackUserId
                + " for server '"
                + def.name()
                + "' cannot be decrypted with the configured keys (was ENCRYPTION_KEY or"
                + " MASTER_PASSWORD changed without `mcpbot rotate-key`?). Update the"
                + " credential in the App Home, or restore the old key.");
      }
    }
    return byEnvVar;
  }
}
