package io.mcpbot.core.testing;

import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.store.CredentialToken;
import io.mcpbot.core.store.Database;
import io.mcpbot.core.store.EncryptedColumn;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Stored credentials for key-rotation and admin tests (core and cli share it via the test-jar). */
public final class SeededCredentials {
  private SeededCredentials() {}

  /**
   * Puts {@code n} credentials (users {prefix}0.., servers github/jira) encrypted by {@code key}.
   */
  public static void seed(Store store, KeyRing key, int n, String prefix) {
    long github = server(store, "github");
    long jira = server(store, "jira");
    for (int i = 0; i < n; i++) {
      long user = store.users().upsert(prefix + (i / 2), UserProfile.empty()).id();
      store
          .credentials()
          .put(user, i % 2 == 0 ? github : jira, "TOKEN", "api_key", key.encrypt(prefix + i));
    }
  }

  /**
   * Puts {@code rows} credentials in one transaction of JDBC batches, fast enough for benchmarks
   * and kill tests: {@code servers} servers (server0..), users U0.. with one credential TOKEN per
   * server, values {@code ghp_<row number>} encrypted by {@code key}.
   */
  public static void bulk(Database db, KeyRing key, int rows, int servers) {
    int users = Math.max(1, (rows + servers - 1) / servers);
    Jdbi.create(io.mcpbot.core.store.RawSql.dataSource(db))
        .useTransaction(
            h -> {
              PreparedBatch s =
                  h.prepareBatch(
                      "INSERT INTO mcp_servers (name, definition, requires_credentials)"
                          + " VALUES (:n, '{}', TRUE)");
              for (int i = 0; i < servers; i++) {
                s.bind("n", "server" + i).add();
              }
              s.execute();
              PreparedBatch u = h.prepareBatch("INSERT INTO users (slack_user_id) VALUES (:u)");
              for (int i = 0; i < users; i++) {
                u.bind("u", "U" + i).add();
              }
              u.execute();
              List<Long> userIds =
                  h.createQuery("SELECT id FROM users ORDER BY id").mapTo(Long.class).list();
              List<Long> serverIds =
                  h.createQuery("SELECT id FROM mcp_servers ORDER BY id").mapTo(Long.class).list();
              PreparedBatch c =
                  h.prepareBatch(
                      "INSERT INTO user_credentials (user_id, server_id, credential_name,"
                          + " credential_type, encrypted_value) VALUES (:u, :s, 'TOKEN', 'api_key',"
                          + " :v)");
              for (int i = 0; i < rows; i++) {
                c.bind("u", userIds.get(i / servers))
                    .bind("s", serverIds.get(i % servers))
                    .bind("v", key.encrypt(String.format("ghp_%036d", i)))
                    .add();
                if (i % 5000 == 4999) {
                  c.execute();
                }
              }
              c.execute();
            });
  }

  /** The id of server {@code name}, inserted with an empty definition if absent. */
  public static long server(Store store, String name) {
    return store
        .servers()
        .findByName(name)
        .orElseGet(() -> store.servers().insert(name, "", "{}", true))
        .id();
  }

  /** Every stored credential token, in id order. */
  public static List<CredentialToken> all(Store store) {
    return store.secretColumns().scan(EncryptedColumn.CREDENTIAL, 0, Integer.MAX_VALUE);
  }

  /** Plaintext by row id, opened with {@code ring}. */
  public static Map<Long, String> plaintexts(Store store, KeyRing ring) {
    Map<Long, String> out = new HashMap<>();
    all(store).forEach(t -> out.put(t.id(), ring.decrypt(t.encryptedValue())));
    return out;
  }
}
