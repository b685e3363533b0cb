package io.mcpbot.core.store;

import java.util.List;
import java.util.Objects;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Users' encrypted credentials (user_credentials). Values are Fernet tokens; this layer never sees
 * plaintext. Obtain from {@link Store#credentials()}; thread-safe there.
 */
@RegisterConstructorMapper(StoredCredential.class)
@RegisterConstructorMapper(CredentialToken.class)
public interface Credentials extends SqlObject {

  /**
   * Inserts or replaces the credential {@code name}; safe under concurrent puts of the same key.
   */
  default void put(long userId, long serverId, String name, String type, String encryptedValue) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(encryptedValue, "encryptedValue");
    if (replace(userId, serverId, name, type, encryptedValue) > 0) {
      return;
    }
    boolean inserted =
        Sql.tryInsert(
            getHandle(),
            () ->
                getHandle()
                    .createUpdate(
                        "INSERT INTO user_credentials (user_id, server_id, credential_name,"
                            + " credential_type, encrypted_value) VALUES (:userId, :serverId,"
                            + " :name, :type, :encryptedValue)")
                    .bind("userId", userId)
                    .bind("serverId", serverId)
                    .bind("name", name)
                    .bind("type", type)
                    .bind("encryptedValue", encryptedValue)
                    .execute());
    if (!inserted) {
      replace(userId, serverId, name, type, encryptedValue);
    }
  }

  @SqlUpdate(
      "UPDATE user_credentials SET credential_type = :type, encrypted_value = :encryptedValue,"
          + " updated_at = CURRENT_TIMESTAMP"
          + " WHERE user_id = :userId AND server_id = :serverId AND credential_name = :name")
  int replace(long userId, long serverId, String name, String type, String encryptedValue);

  /** The user's credentials for a server, by name. */
  @SqlQuery(
      "SELECT credential_name AS name, credential_type AS type, encrypted_value, updated_at"
          + " FROM user_credentials WHERE user_id = :userId AND server_id = :serverId"
          + " ORDER BY credential_name")
  List<StoredCredential> findAll(long userId, long serverId);

  /** Deletes one credential; returns whether it existed. */
  @SqlUpdate(
      "DELETE FROM user_credentials"
          + " WHERE user_id = :userId AND server_id = :serverId AND credential_name = :name")
  boolean delete(long userId, long serverId, String name);

  /** Deletes all of the user's credentials for a server; returns how many. */
  @SqlUpdate("DELETE FROM user_credentials WHERE user_id = :userId AND server_id = :serverId")
  int deleteAll(long userId, long serverId);

  /** How many credentials are stored in total. */
  @SqlQuery("SELECT COUNT(*) FROM user_credentials")
  long count();

  /** Keyset page over every row: ids greater than {@code afterId}, ascending, at most limit. */
  @SqlQuery(
      "SELECT id, encrypted_value FROM user_credentials WHERE id > :afterId ORDER BY id"
          + " LIMIT :limit")
  List<CredentialToken> scan(long afterId, int limit);

  /**
   * Replaces the value only if it is still {@code expectedValue}, so key rotation never overwrites
   * a value the bot changed meanwhile. updated_at is left alone: re-encryption is no user change.
   */
  @SqlUpdate(
      "UPDATE user_credentials SET encrypted_value = :newValue"
          + " WHERE id = :id AND encrypted_value = :expectedValue")
  boolean compareAndSet(long id, String expectedValue, String newValue);
}
