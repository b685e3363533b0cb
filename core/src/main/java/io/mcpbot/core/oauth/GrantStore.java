package io.mcpbot.core.oauth;

import io.mcpbot.core.store.ClientRegistration;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.store.PendingAuthorization;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where OAuth state lives: per-(user, server) grants, clients the bot registered with an
 * authorization server, and pending authorizations. The database-backed implementation keeps every
 * secret Fernet-encrypted (covered by {@code rotate-key}); the seam lets the protocol code be
 * tested alone. Implementations are thread-safe.
 */
public interface GrantStore {
  /** The user's grant for {@code server}, if any. */
  Optional<Grant> grant(String userId, String server);

  /** Stores (inserts or replaces) the user's grant for {@code server}. */
  void saveGrant(String userId, String server, Grant grant);

  /**
   * Runs {@code refresh} (which reads the grant again, may call the token endpoint and saves the
   * result) while no other process refreshes the same grant: the database-backed store holds the
   * grant's row lock until it returns, so replicas refresh one at a time. Writes made before {@code
   * refresh} throws are kept. This default (one process) just runs it.
   */
  default <T> T underRefreshLock(String userId, String server, Supplier<T> refresh) {
    return refresh.get();
  }

  /** Deletes the user's grant; false when there was none. */
  boolean deleteGrant(String userId, String server);

  /** The client this bot registered (DCR) with {@code issuer} for {@code server}, if any. */
  Optional<ClientRegistration> client(String server, String issuer);

  /** Remembers a dynamically registered client (inserts or replaces). */
  void saveClient(String server, String issuer, ClientRegistration client);

  /** Stores a pending authorization until it is taken or expires. */
  void savePending(PendingAuthorization pending);

  /**
   * Removes and returns the pending authorization for {@code state} in one step, so a state is
   * usable once even across replicas; empty when unknown, already taken, or expired at {@code now}
   * (expired rows are deleted too).
   */
  Optional<PendingAuthorization> takePending(String state, Instant now);
}
