package io.mcpbot.core.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.sqlobject.SqlObject;

/**
 * Key rotation's half of {@link OAuthVault}: the scan and compare-and-set of one {@link
 * OAuthSecret} column. The statements are built from the enum's table and column names, constants
 * of this package, never from input.
 */
interface OAuthSecretRows extends OAuthVault, SqlObject {

  @Override
  default long count(OAuthSecret secret) {
    return getHandle()
        .createQuery(sql(secret, "SELECT COUNT({column}) FROM {table}"))
        .mapTo(Long.class)
        .one();
  }

  @Override
  default List<CredentialToken> scan(OAuthSecret secret, long afterId, int limit) {
    return getHandle()
        .createQuery(select(secret) + " AND id > :afterId ORDER BY id LIMIT :limit")
        .bind("afterId", afterId)
        .bind("limit", limit)
        .map((rs, ctx) -> new CredentialToken(rs.getLong(1), rs.getString(2)))
        .list();
  }

  @Override
  default Optional<CredentialToken> findToken(OAuthSecret secret, long id) {
    return getHandle()
        .createQuery(select(secret) + " AND id = :id")
        .bind("id", id)
        .map((rs, ctx) -> new CredentialToken(rs.getLong(1), rs.getString(2)))
        .findOne();
  }

  private static String select(OAuthSecret secret) {
    return sql(secret, "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL");
  }

  @Override
  default boolean compareAndSet(OAuthSecret secret, long id, String expected, String replacement) {
    return getHandle()
            .createUpdate(swap(secret))
            .bind("id", id)
            .bind("expected", expected)
            .bind("replacement", replacement)
            .execute()
        == 1;
  }

  @Override
  default int[] compareAndSetAll(OAuthSecret secret, List<CredentialSwap> swaps) {
    if (swaps.isEmpty()) {
      return new int[0];
    }
    PreparedBatch batch = getHandle().prepareBatch(swap(secret));
    for (CredentialSwap s : swaps) {
      batch
          .bind("id", s.id())
          .bind("expected", s.expected())
          .bind("replacement", s.replacement())
          .add();
    }
    return batch.execute();
  }

  private static String swap(OAuthSecret secret) {
    return sql(
        secret,
        "UPDATE {table} SET {column} = :replacement WHERE id = :id AND {column} = :expected");
  }

  /** {@code template} with the secret's {@code {table}} and {@code {column}} filled in. */
  private static String sql(OAuthSecret secret, String template) {
    return template.replace("{table}", secret.table()).replace("{column}", secret.column());
  }

  @Override
  default List<CredentialOwner> owners(OAuthSecret secret, List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String user = secret.hasUser() ? "u.slack_user_id" : "CAST(NULL AS VARCHAR(32))";
    String join = secret.hasUser() ? " LEFT JOIN users u ON u.id = t.user_id" : "";
    return getHandle()
        .createQuery(
            sql(secret, "SELECT t.id, " + user + ", s.name FROM {table} t")
                + join
                + " LEFT JOIN mcp_servers s ON s.id = t.server_id WHERE t.id IN (<ids>) ORDER BY t.id")
        .bindList("ids", ids)
        .map(
            (rs, ctx) ->
                new CredentialOwner(
                    rs.getLong(1), rs.getString(2), rs.getString(3), secret.label()))
        .list();
  }
}
