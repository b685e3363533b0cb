package io.mcpbot.core.testing;

import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stored credentials for key-rotation and admin tests (core and cli share it via the test-jar). */
public final class SeededCredentials {
  private SeededCredentials() {}

  /**
   * Puts {@code n} credentials (users {prefix}0.., servers github/jira) encrypted by {@code key}.
   */
  public static void seed(Store store, KeyRing key, int n, String prefix) {
    long github = server(store, "github");
    long jira = server(store, "jira");
    for (int i = 0; i < n; i++) {
      long user = store.users().upsert(prefix + (i / 2), UserProfile.empty()).id();
      store
          .credentials()
          .put(user, i % 2 == 0 ? github : jira, "TOKEN", "api_key", key.encrypt(prefix + i));
    }
  }

  /** The id of server {@code name}, inserted with an empty definition if absent. */
  public static long server(Store store, String name) {
    return store
        .servers()
        .findByName(name)
        .orElseGet(() -> store.servers().insert(name, "", "{}", true))
        .id();
  }

  /** Every stored credential token, in id order. */
  public static List<CredentialToken> all(Store store) {
    return store.credentials().scan(0, Integer.MAX_VALUE);
  }

  /** Plaintext by row id, opened with {@code ring}. */
  public static Map<Long, String> plaintexts(Store store, KeyRing ring) {
    Map<Long, String> out = new HashMap<>();
    all(store).forEach(t -> out.put(t.id(), ring.decrypt(t.encryptedValue())));
    return out;
  }
}
