package io.mcpbot.core.oauth;

import io.mcpbot.core.store.ClientRegistration;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.store.PendingAuthorization;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link GrantStore} in memory for the OAuth tests and the benchmark's in-memory peer (the bench
 * module uses core's test jar). Nothing is encrypted; production code stores grants with {@link
 * StoredGrants}. Thread-safe.
 */
public final class MemoryGrantStore implements GrantStore {
  private record Key(String a, String b) {}

  private final Map<Key, Grant> grants = new ConcurrentHashMap<>();
  private final Map<Key, ClientRegistration> clients = new ConcurrentHashMap<>();
  private final Map<String, PendingAuthorization> pending = new ConcurrentHashMap<>();

  @Override
  public Optional<Grant> grant(String userId, String server) {
    return Optional.ofNullable(grants.get(new Key(userId, server)));
  }

  @Override
  public void saveGrant(String userId, String server, Grant grant) {
    grants.put(new Key(userId, server), grant);
  }

  @Override
  public boolean deleteGrant(String userId, String server) {
    return grants.remove(new Key(userId, server)) != null;
  }

  @Override
  public Optional<ClientRegistration> client(String server, String issuer) {
    return Optional.ofNullable(clients.get(new Key(server, issuer)));
  }

  @Override
  public void saveClient(String server, String issuer, ClientRegistration client) {
    clients.put(new Key(server, issuer), client);
  }

  @Override
  public void savePending(PendingAuthorization p) {
    pending.put(p.state(), p);
  }

  @Override
  public Optional<PendingAuthorization> takePending(String state, Instant now) {
    pending.values().removeIf(p -> !now.isBefore(p.expiresAt()));
    return Optional.ofNullable(pending.remove(state));
  }
}
