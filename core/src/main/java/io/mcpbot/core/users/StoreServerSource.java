package io.mcpbot.core.users;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerDefinition;
import io.mcpbot.core.crypto.CryptoException;
import io.mcpbot.core.crypto.SecretBox;
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

/**
 * The session pool's view of a user's enabled servers, read from the store with the user's
 * credentials decrypted (env var to plaintext). A credential no key opens makes that one server
 * unavailable with a reason naming the user, server and credential, never a crash and never a
 * silent empty value. Thread-safe.
 */
public final class StoreServerSource implements UserServerSource {
  private final Store store;
  private final SecretBox box;
  private final ServerDirectory directory;

  public StoreServerSource(Store store, SecretBox box, ServerDirectory directory) {
    this.store = store;
    this.box = box;
    this.directory = directory;
  }

  @Override
  public List<UserServer> enabledServers(String slackUserId) {
    Optional<User> user = store.users().findBySlackId(slackUserId);
    if (user.isEmpty()) {
      return List.of();
    }
    long userId = user.get().id();
    List<String> enabled = store.serverConfigs().enabledServerNames(userId);
    Map<String, ServerDirectory.Entry> active = directory.active();
    List<UserServer> out = new ArrayList<>();
    for (String name : enabled) {
      ServerDirectory.Entry entry = active.get(name);
      if (entry != null) {
        out.add(load(slackUserId, userId, entry));
      }
    }
    return out;
  }

  private UserServer load(String slackUserId, long userId, ServerDirectory.Entry entry) {
    ServerDefinition def = entry.definition();
    Map<String, String> byEnvVar = new HashMap<>();
    for (StoredCredential stored : store.credentials().findAll(userId, entry.id())) {
      Optional<CredentialSpec> spec =
          def.requiredCredentials().stream()
              .filter(c -> c.name().equals(stored.name()))
              .findFirst();
      if (spec.isEmpty()) {
        continue; // the admin removed this credential from the config; it is no longer used
      }
      try {
        byEnvVar.put(spec.get().envVar(), box.decrypt(stored.encryptedValue()));
      } catch (CryptoException e) {
        return UserServer.unavailable(
            def,
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
    return new UserServer(def, byEnvVar);
  }
}
