package io.mcpbot.core.oauth;

import io.mcpbot.core.Require;
import io.mcpbot.core.cluster.ReplicaId;
import io.mcpbot.core.crypto.SecretBox;
import io.mcpbot.core.store.ClientRegistration;
import io.mcpbot.core.store.Grant;
import io.mcpbot.core.store.OAuthVault;
import io.mcpbot.core.store.PendingAuthorization;
import io.mcpbot.core.store.Store;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The {@link GrantStore} on mcpbot's database: tokens, client secrets and PKCE verifiers are sealed
 * with the deployment's {@link SecretBox} (the credentials' key ring, so {@code rotate-key} covers
 * them) before they reach {@link Store#oauth()}. A grant or pending authorization for a Slack user
 * not stored yet creates that user; one for a server missing from the catalog fails. Thread-safe.
 */
public final class StoredGrants implements GrantStore {
  private final Store store;
  private final SecretBox box;
  private final ReplicaId replica;

  /** Grant changes are published as made by {@link ReplicaId#PROCESS}. */
  public StoredGrants(Store store, SecretBox box) {
    this(store, box, ReplicaId.PROCESS);
  }

  /**
   * Grant changes (saved, deleted) are published to the session change log as made by {@code
   * replica}, so other replicas restart that user's session of the server.
   */
  public StoredGrants(Store store, SecretBox box, ReplicaId replica) {
    Require.nonNull("store, box, replica", store, box, replica);
    this.store = store;
    this.box = box;
    this.replica = replica;
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.mcpbot.core.crypto.CryptoException when no key of the ring opens a stored token
   */
  @Override
  public Optional<Grant> grant(String userId, String server) {
    return vault().findGrant(userId, server).map(g -> g.mapTokens(box::decrypt));
  }

  @Override
  public void saveGrant(String userId, String server, Grant grant) {
    Grant sealed = Objects.requireNonNull(grant, "grant").mapTokens(box::encrypt);
    store.useTransaction(
        tx -> {
          ownedBy(userId, server, () -> tx.oauth().putGrant(userId, server, sealed));
          tx.sessionChanges().publish(userId, server, replica.value());
        });
  }

  @Override
  public boolean deleteGrant(String userId, String server) {
    return store.inTransaction(
        tx -> {
          boolean deleted = tx.oauth().deleteGrant(userId, server);
          if (deleted) {
            tx.sessionChanges().publish(userId, server, replica.value());
          }
          return deleted;
        });
  }

  /**
   * {@inheritDoc} Runs {@code refresh} in one transaction that first locks the grant row (SELECT
   * ... FOR UPDATE); the grant reads and saves inside join it. A refresh that throws still commits
   * what it wrote (marking a refused grant dead) before the exception is rethrown.
   */
  @Override
  public <T> T underRefreshLock(String userId, String server, Supplier<T> refresh) {
    Objects.requireNonNull(refresh, "refresh");
    Object[] outcome =
        store.inTransaction(
            tx -> {
              tx.oauth().lockGrant(userId, server);
              try {
                return new Object[] {refresh.get(), null};
              } catch (RuntimeException e) {
                return new Object[] {null, e};
              }
            });
    if (outcome[1] instanceof RuntimeException e) {
      throw e;
    }
    @SuppressWarnings("unchecked")
    T result = (T) outcome[0];
    return result;
  }

  @Override
  public Optional<ClientRegistration> client(String server, String issuer) {
    return vault().findClient(server, issuer).map(c -> c.mapSecret(box::decrypt));
  }

  @Override
  public void saveClient(String server, String issuer, ClientRegistration client) {
    Objects.requireNonNull(client, "client");
    if (!vault().putClient(server, issuer, client.mapSecret(box::encrypt))) {
      throw unknownServer(server);
    }
  }

  @Override
  public void savePending(PendingAuthorization p) {
    PendingAuthorization sealed = Objects.requireNonNull(p, "pending").mapVerifier(box::encrypt);
    ownedBy(p.userId(), p.server(), () -> vault().putPending(sealed));
  }

  @Override
  public Optional<PendingAuthorization> takePending(String state, Instant now) {
    return vault().takePending(state, now).map(p -> p.mapVerifier(box::decrypt));
  }

  private OAuthVault vault() {
    return store.oauth();
  }

  /**
   * Runs {@code write}; when it wrote nothing, creates the user (first contact through OAuth, e.g.
   * {@code mcpbot chat} for a new user) and tries once more. Still nothing: the server is unknown.
   */
  private void ownedBy(String userId, String server, BooleanSupplier write) {
    if (write.getAsBoolean()) {
      return;
    }
    store.users().upsert(userId, null);
    if (!write.getAsBoolean()) {
      throw unknownServer(server);
    }
  }

  private static OAuthException unknownServer(String server) {
    return new OAuthException(
        "Server "
            + server
            + " is not in the bot's database, so its authorization cannot be stored: an admin"
            + " runs `mcpbot sync-servers` after adding it to servers_config.json");
  }
}
