package io.mcpbot.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * OAuth state for remote servers (oauth_grants, oauth_clients, oauth_pending), keyed by Slack user
 * id and server name. Secret values are Fernet tokens; this layer never sees plaintext. Rows belong
 * to a stored user and server and are deleted with them; key rotation rewrites the secret columns
 * through {@link SecretColumns}. Obtain from {@link Store#oauth()}; thread-safe there. Arguments
 * must not be null unless stated.
 */
public interface OAuthVault {

  /** The user's grant for {@code server}, if any. */
  Optional<Grant> findGrant(String slackUserId, String server);

  /**
   * Inserts or replaces the user's grant for {@code server}; safe under concurrent puts.
   *
   * @return false (nothing written) when the user or the server is not stored
   */
  boolean putGrant(String slackUserId, String server, Grant grant);

  /** Deletes the user's grant for {@code server}; returns whether it existed. */
  boolean deleteGrant(String slackUserId, String server);

  /**
   * Locks the user's grant row until the caller's transaction ends (SELECT ... FOR UPDATE), so one
   * replica at a time refreshes it; false when there is no such grant. Call inside a transaction.
   */
  boolean lockGrant(String slackUserId, String server);

  /** The client registered with {@code issuer} for {@code server}, if any. */
  Optional<ClientRegistration> findClient(String server, String issuer);

  /**
   * Inserts or replaces the client registered with {@code issuer} for {@code server}.
   *
   * @return false (nothing written) when the server is not stored
   */
  boolean putClient(String server, String issuer, ClientRegistration client);

  /**
   * Stores a pending authorization; a state already stored fails on the unique key.
   *
   * @return false (nothing written) when its user or server is not stored
   */
  boolean putPending(PendingAuthorization pending);

  /**
   * Deletes and returns the pending authorization {@code state} unless it expired at {@code now}.
   * Exactly one of several concurrent takers (on any instance sharing the database) gets it; an
   * expired one is deleted and returned to nobody.
   */
  Optional<PendingAuthorization> takePending(String state, Instant now);

  /** Deletes pending authorizations expired at {@code now}; returns how many. */
  int purgeExpiredPending(Instant now);
}
