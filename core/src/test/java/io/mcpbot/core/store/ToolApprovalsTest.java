package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Instant;

class ToolApprovalsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @DbTest
  void alwaysAllowIsPerUserServerToolAndDefinition(TestDb db) {
    Store store = db.store();
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    long bob = store.users().upsert("UBOB", UserProfile.empty()).id();
    ToolApprovals approvals = store.toolApprovals();

    approvals.allowAlways(ann, "notes", "delete", "h1", T0);

    assertThat(approvals.allowed(ann, "notes", "delete", "h1")).isTrue();
    assertThat(approvals.allowed(ann, "notes", "delete", "h2")).isFalse();
    assertThat(approvals.allowed(ann, "notes", "write", "h1")).isFalse();
    assertThat(approvals.allowed(ann, "files", "delete", "h1")).isFalse();
    assertThat(approvals.allowed(bob, "notes", "delete", "h1")).isFalse();

    // a changed definition allowed again replaces the old row
    approvals.allowAlways(ann, "notes", "delete", "h2", T0.plusSeconds(60));
    assertThat(approvals.allowed(ann, "notes", "delete", "h1")).isFalse();
    assertThat(approvals.allowed(ann, "notes", "delete", "h2")).isTrue();

    approvals.allowAlways(ann, "notes", "write", "w1", T0);
    assertThat(approvals.forgetServer(ann, "notes")).isEqualTo(2);
    assertThat(approvals.allowed(ann, "notes", "write", "w1")).isFalse();
  }

  @DbTest
  void aDeletedUserTakesTheirApprovalsAlong(TestDb db) {
    Store store = db.store();
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    store.toolApprovals().allowAlways(ann, "notes", "delete", "h1", T0);

    db.jdbi().useHandle(h -> h.execute("DELETE FROM users WHERE id = ?", ann));

    long left =
        db.jdbi()
            .withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM tool_approvals").mapTo(Long.class).one());
    assertThat(left).isZero();
  }
}
