package io.mcpbot.core.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.sqlobject.SqlObject;

/**
 * The statements behind {@link SecretColumns}, one template per operation for every {@link
 * EncryptedColumn}. They are built from the enum's table and column names, constants of this
 * package, never from input.
 */
interface SecretColumnRows extends SecretColumns, SqlObject {

  @Override
  default long count(EncryptedColumn column) {
    return getHandle()
        .createQuery(sql(column, "SELECT COUNT({column}) FROM {table}"))
        .mapTo(Long.class)
        .one();
  }

  @Override
  default List<CredentialToken> scan(EncryptedColumn column, long afterId, int limit) {
    return getHandle()
        .createQuery(select(column) + " AND id > :afterId ORDER BY id LIMIT :limit")
        .bind("afterId", afterId)
        .bind("limit", limit)
        .map((rs, ctx) -> new CredentialToken(rs.getLong(1), rs.getString(2)))
        .list();
  }

  @Override
  default Optional<CredentialToken> findToken(EncryptedColumn column, long id) {
    return getHandle()
        .createQuery(select(column) + " AND id = :id")
        .bind("id", id)
        .map((rs, ctx) -> new CredentialToken(rs.getLong(1), rs.getString(2)))
        .findOne();
  }

  private static String select(EncryptedColumn column) {
    return sql(column, "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL");
  }

  @Override
  default boolean compareAndSet(
      EncryptedColumn column, long id, String expected, String replacement) {
    return getHandle()
            .createUpdate(swap(column))
            .bind("id", id)
            .bind("expected", expected)
            .bind("replacement", replacement)
            .execute()
        == 1;
  }

  @Override
  default int[] compareAndSetAll(EncryptedColumn column, List<CredentialSwap> swaps) {
    if (swaps.isEmpty()) {
      return new int[0];
    }
    PreparedBatch batch = getHandle().prepareBatch(swap(column));
    for (CredentialSwap s : swaps) {
      batch
          .bind("id", s.id())
          .bind("expected", s.expected())
          .bind("replacement", s.replacement())
          .add();
    }
    return batch.execute();
  }

  private static String swap(EncryptedColumn column) {
    return sql(
        column,
        "UPDATE {table} SET {column} = :replacement WHERE id = :id AND {column} = :expected");
  }

  /** {@code template} with the column's {@code {table}} and {@code {column}} filled in. */
  private static String sql(EncryptedColumn column, String template) {
    return template.replace("{table}", column.table()).replace("{column}", column.column());
  }

  @Override
  default List<CredentialOwner> owners(EncryptedColumn column, List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String user = column.hasUser() ? "u.slack_user_id" : "CAST(NULL AS VARCHAR(32))";
    String join = column.hasUser() ? " LEFT JOIN users u ON u.id = t.user_id" : "";
    String name = column.nameColumn() == null ? "" : ", t." + column.nameColumn();
    return getHandle()
        .createQuery(
            sql(column, "SELECT t.id, " + user + ", s.name" + name + " FROM {table} t")
                + join
                + " LEFT JOIN mcp_servers s ON s.id = t.server_id WHERE t.id IN (<ids>) ORDER BY t.id")
        .bindList("ids", ids)
        .map(
            (rs, ctx) ->
                new CredentialOwner(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    name.isEmpty() ? column.label() : rs.getString(4)))
        .list();
  }
}
