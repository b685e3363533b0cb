package io.mcpbot.core.store;

import java.util.List;
import java.util.Objects;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The user_credentials table behind {@link CredentialVault}. */
@RegisterConstructorMapper(StoredCredential.class)
interface CredentialRows extends CredentialVault, SqlObject {

  @Override
  default void put(long userId, long serverId, String name, String type, String encryptedValue) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(encryptedValue, "encryptedValue");
    Sql.upsert(
        getHandle(),
        () -> replace(userId, serverId, name, type, encryptedValue),
        () -> insert(userId, serverId, name, type, encryptedValue));
  }

  @SqlUpdate(
      "INSERT INTO user_credentials (user_id, server_id, credential_name, credential_type,"
          + " encrypted_value) VALUES (:userId, :serverId, :name, :type, :encryptedValue)")
  void insert(long userId, long serverId, String name, String type, String encryptedValue);

  @SqlUpdate(
      "UPDATE user_credentials SET credential_type = :type, encrypted_value = :encryptedValue,"
          + " updated_at = CURRENT_TIMESTAMP"
          + " WHERE user_id = :userId AND server_id = :serverId AND credential_name = :name")
  int replace(long userId, long serverId, String name, String type, String encryptedValue);

  @Override
  @SqlQuery(
      "SELECT credential_name AS name, credential_type AS type, encrypted_value, updated_at"
          + " FROM user_credentials WHERE user_id = :userId AND server_id = :serverId"
          + " ORDER BY credential_name")
  List<StoredCredential> findAll(long userId, long serverId);

  @Override
  @SqlUpdate(
      "DELETE FROM user_credentials"
          + " WHERE user_id = :userId AND server_id = :serverId AND credential_name = :name")
  boolean delete(long userId, long serverId, String name);

  @Override
  @SqlUpdate("DELETE FROM user_credentials WHERE user_id = :userId AND server_id = :serverId")
  int deleteAll(long userId, long serverId);
}
