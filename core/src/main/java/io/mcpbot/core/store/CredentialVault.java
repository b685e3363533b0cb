package io.mcpbot.core.store;

import java.util.List;

/**
 * Users' encrypted credentials (user_credentials). Values are Fernet tokens; this layer never sees
 * plaintext; key rotation rewrites them through {@link SecretColumns} ({@link
 * EncryptedColumn#CREDENTIAL}). Obtain from {@link Store#credentials()}; thread-safe there.
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
}
