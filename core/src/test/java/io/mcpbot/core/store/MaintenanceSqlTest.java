package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDatabases.Engine;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The three statements of MULTI_USER_GUIDE.md "Database Maintenance", copied verbatim: all three
 * run unchanged on PostgreSQL, the first two also on H2.
 */
class MaintenanceSqlTest {

  static final String VIEW_ACTIVE_USERS =
      """
      SELECT slack_user_id, display_name, created_at\s
      FROM users\s
      WHERE is_active = true;""";

  static final String CHECK_SERVER_USAGE =
      """
      SELECT s.name, COUNT(usc.user_id) as user_count
      FROM mcp_servers s
      LEFT JOIN user_server_configs usc ON s.id = usc.server_id
      WHERE usc.is_enabled = true
      GROUP BY s.name;""";

  static final String CLEAN_OLD_CONVERSATIONS =
      """
      DELETE FROM conversations\s
      WHERE last_message_at < NOW() - INTERVAL '30 days';""";

  /**
   * H2 cannot parse PostgreSQL's {@code INTERVAL '30 days'} literal (H2 2.5 wants {@code INTERVAL
   * '30' DAY}), so on H2 only the cleanup runs in H2's spelling; mcpbot itself purges through
   * {@link ConversationHistory#purgeIdleSince}, which binds the cutoff and runs on both.
   */
  static final String CLEAN_OLD_CONVERSATIONS_H2 =
      "DELETE FROM conversations WHERE last_message_at < NOW() - INTERVAL '30' DAY";

  @DbTest
  void theGuidesMaintenanceQueriesRunUnchanged(TestDb db) {
    Store store = db.store();
    long ann = store.users().upsert("UANN", new UserProfile("ann", null, null)).id();
    long bob = store.users().upsert("UBOB", new UserProfile("bob", null, null)).id();
    store.users().setActive(bob, false);
    long github = store.servers().insert("github", "", "{}", true).id();
    long memory = store.servers().insert("memory", "", "{}", false).id();
    store.serverConfigs().setEnabled(ann, github, true);
    store.serverConfigs().setEnabled(bob, github, true);
    store.serverConfigs().setEnabled(ann, memory, false);
    long old = store.conversations().findOrCreate(ann, "C1", "old").id();
    long fresh = store.conversations().findOrCreate(ann, "C1", "fresh").id();
    store.conversations().append(old, MessageRole.USER, "x", null, null, false);
    store.conversations().touch(old, Instant.now().minus(Duration.ofDays(31)));

    List<Map<String, Object>> active =
        db.jdbi().withHandle(h -> h.createQuery(VIEW_ACTIVE_USERS).mapToMap().list());
    assertThat(active)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r)
                  .containsEntry("slack_user_id", "UANN")
                  .containsEntry("display_name", "ann");
              assertThat(r.get("created_at")).isNotNull();
            });

    List<Map<String, Object>> usage =
        db.jdbi().withHandle(h -> h.createQuery(CHECK_SERVER_USAGE).mapToMap().list());
    assertThat(usage)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r).containsEntry("name", "github");
              assertThat(((Number) r.get("user_count")).longValue()).isEqualTo(2);
            });

    String cleanup =
        db.engine() == Engine.POSTGRESQL ? CLEAN_OLD_CONVERSATIONS : CLEAN_OLD_CONVERSATIONS_H2;
    int deleted = db.jdbi().withHandle(h -> h.createUpdate(cleanup).execute());
    assertThat(deleted).isEqualTo(1);
    assertThat(store.conversations().findById(old)).isEmpty();
    assertThat(store.conversations().findById(fresh)).isPresent();
    assertThat(store.conversations().messageCount(old)).isZero();
  }
}
