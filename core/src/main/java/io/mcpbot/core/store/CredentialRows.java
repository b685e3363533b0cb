package io.mcpbot.core.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The user_credentials table behind {@link CredentialVault}. */
@RegisterConstructorMapper(StoredCredential.class)
@RegisterConstructorMapper(CredentialToken.class)
@RegisterConstructorMapper(CredentialOwner.class)
interface CredentialRows extends CredentialVault, SqlObject {

  @Override
  default void put(long userId, long serverId, String name, String type, String encryptedValue) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(encryptedValue, "encryptedValue");
    Sql.upsert(
        getHandle(),
        () -> replace(userId, serverId, name, type, encryptedValue),
        h ->
            h.createUpdate(
                    "INSERT INTO user_credentials (user_id, server_id, credential_name,"
                        + " credential_type, encrypted_value) VALUES (:userId, :serverId,"
                        + " :name, :type, :encryptedValue)")
                .bind("userId", userId)
                .bind("serverId", serverId)
                .bind("name", name)
                .bind("type", type)
                .bind("encryptedValue", encryptedValue));
  }

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

  @Override
  @SqlQuery("SELECT COUNT(*) FROM user_credentials")
  long count();

  @Override
  @SqlQuery("SELECT id, encrypted_value FROM user_credentials WHERE id = :id")
  Optional<CredentialToken> findToken(long id);

  @Override
  @SqlQuery(
      "SELECT id, encrypted_value FROM user_credentials WHERE id > :afterId ORDER BY id"
          + " LIMIT :limit")
  List<CredentialToken> scan(long afterId, int limit);

  @Override
  @SqlUpdate(
      "UPDATE user_credentials SET encrypted_value = :newValue"
          + " WHERE id = :id AND encrypted_value = :expectedValue")
  boolean compareAndSet(long id, String expectedValue, String newValue);

  @Override
  @SqlBatch(
      "UPDATE user_credentials SET encrypted_value = :replacement"
          + " WHERE id = :id AND encrypted_value = :expected")
  int[] compareAndSetAll(@BindMethods List<CredentialSwap> swaps);

  @Override
  default List<CredentialOwner> owners(List<Long> ids) {
    return ids.isEmpty() ? List.of() : ownersOf(ids);
  }

  @SqlQuery(
      "SELECT c.id, u.slack_user_id, s.name AS server, c.credential_name"
          + " FROM user_credentials c"
          + " LEFT JOIN users u ON u.id = c.user_id"
          + " LEFT JOIN mcp_servers s ON s.id = c.server_id"
          + " WHERE c.id IN (<ids>) ORDER BY c.id")
  List<CredentialOwner> ownersOf(@BindList("ids") List<Long> ids);
}
