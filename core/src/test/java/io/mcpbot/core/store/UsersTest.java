package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Instant;
import java.util.List;

class UsersTest {

  @DbTest
  void upsertCreatesThenRefreshesProfileKeepingUnknownFields(TestDb db) {
    UserAccounts users = db.store().users();
    assertThat(users.findBySlackId("U1")).isEmpty();

    User created = users.upsert("U1", new UserProfile("ann", "Ann Lee", "ann@example.com"));
    assertThat(created.slackUserId()).isEqualTo("U1");
    assertThat(created.displayName()).isEqualTo("ann");
    assertThat(created.active()).isTrue();
    assertThat(created.createdAt()).isNotNull();
    assertThat(created.lastSeenAt()).isNull();

    User updated = users.upsert("U1", new UserProfile("annie", null, null));
    assertThat(updated.id()).isEqualTo(created.id());
    assertThat(updated.displayName()).isEqualTo("annie");
    assertThat(updated.realName()).isEqualTo("Ann Lee");
    assertThat(updated.email()).isEqualTo("ann@example.com");
    assertThat(users.findBySlackId("U1")).contains(updated);
    assertThat(users.upsert("U2", null).displayName()).isNull();
  }

  @DbTest
  void touchLastSeenAndSetActive(TestDb db) {
    UserAccounts users = db.store().users();
    long id = users.upsert("U1", UserProfile.empty()).id();
    assertThat(users.touchLastSeen(id)).isTrue();
    assertThat(users.findBySlackId("U1").orElseThrow().lastSeenAt()).isNotNull();
    assertThat(users.setActive(id, false)).isTrue();
    assertThat(users.findBySlackId("U1").orElseThrow().active()).isFalse();
    assertThat(users.touchLastSeen(id + 1000)).isFalse();
  }

  @DbTest
  void slackIdIsUnique(TestDb db) {
    db.store().users().upsert("U1", UserProfile.empty());
    assertThatThrownBy(
            () ->
                db.jdbi()
                    .useHandle(h -> h.execute("INSERT INTO users (slack_user_id) VALUES ('U1')")))
        .satisfies(e -> assertThat(Sql.isUniqueViolation(e)).isTrue());
  }

  @DbTest
  void concurrentFirstContactCreatesOneUser(TestDb db) throws Exception {
    List<Long> ids =
        Concurrently.run(
            8, () -> db.store().users().upsert("URACE", new UserProfile("r", null, null)).id());
    assertThat(ids).containsOnly(ids.getFirst());
    assertThat(db.store().usageReport(Instant.EPOCH).totalUsers()).isEqualTo(1);
  }
}
