package io.mcpbot.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Users' encrypted credentials (user_credentials). Values are Fernet tokens; this layer never sees
 * plaintext. The keyset scan and compare-and-set methods serve key rotation, which runs safely
 * beside a bot that keeps writing. Obtain from {@link Store#credentials()}; thread-safe there.
 * Arguments must not be null.
 */
public interface CredentialVault {

  /**
   * Inserts or replaces the credential {@code name}; safe under concurrent puts of the same key.
   */
  void put(long userId, long serverId, String name, String type, String encryptedValue);

  /** The user's credentials for a server, by name. */
  List<StoredCredential> findAll(long userId, long serverId);

  /** Deletes one credential; returns whether it existed. */
  boolean delete(long userId, long serverId, String name);

  /** Deletes all of the user's credentials for a server; returns how many. */
  int deleteAll(long userId, long serverId);

  /** How many credentials are stored in total. */
  long count();

  /** One row's id and encrypted value, if the row exists. */
  Optional<CredentialToken> findToken(long id);

  /** Keyset page over every row: ids greater than {@code afterId}, ascending, at most limit. */
  List<CredentialToken> scan(long afterId, int limit);

  /**
   * Replaces the value only if it is still {@code expectedValue}, so key rotation never overwrites
   * a value the bot changed meanwhile. updated_at is left alone: re-encryption is no user change.
   */
  boolean compareAndSet(long id, String expectedValue, String newValue);

  /**
   * {@link #compareAndSet} for many rows in one JDBC batch.
   *
   * @return per swap, in order, the rows it changed: 1, or 0 when the value had changed or the row
   *     was gone
   */
  int[] compareAndSetAll(List<CredentialSwap> swaps);

  /** Whose credentials the rows {@code ids} are (missing users or servers as null), by id. */
  List<CredentialOwner> owners(List<Long> ids);
}
