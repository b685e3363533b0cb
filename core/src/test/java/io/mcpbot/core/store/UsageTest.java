package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.time.Instant;

class UsageTest {

  @DbTest
  void toolCallAuditCountsPerServerAndTool(TestDb db) {
    Store store = db.store();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    long conv = store.conversations().findOrCreate(user, "C1", null).id();
    Instant now = Instant.now();
    ToolCallLog audit = store.toolCalls();
    audit.record(new ToolCallAudit(user, conv, "fs", "list", now, 12, true, null, 40));
    audit.record(new ToolCallAudit(user, conv, "fs", "list", now, 30, false, "boom", 41));
    audit.record(new ToolCallAudit(user, null, "github", "search", now, 5, true, null, 0));
    audit.record(
        new ToolCallAudit(
            user, null, "github", "search", now.minus(Duration.ofDays(40)), 5, true, null, 0));

    assertThat(audit.countsSince(now.minus(Duration.ofDays(1))))
        .containsExactly(
            new ToolCallCount("fs", "list", 2, 1, 42),
            new ToolCallCount("github", "search", 1, 0, 5));
  }

  @DbTest
  void auditErrorMessagesAreCut(TestDb db) {
    ToolCallAudit audit =
        new ToolCallAudit(1, null, "s", "t", Instant.now(), 1, false, "x".repeat(2000), 3);
    assertThat(audit.errorMessage()).hasSize(ToolCallAudit.MAX_ERROR);
    long user = db.store().users().upsert("U1", UserProfile.empty()).id();
    db.store()
        .toolCalls()
        .record(
            new ToolCallAudit(
                user, null, "s", "t", Instant.now(), 1, false, audit.errorMessage(), 3));
    assertThat(db.store().toolCalls().countsSince(Instant.EPOCH)).hasSize(1);
  }

  @DbTest
  void reportGathersUsersServersConversationsMessagesAndToolCalls(TestDb db) {
    Store store = db.store();
    Instant since = Instant.now().minus(Duration.ofDays(7));
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    long bob = store.users().upsert("UBOB", UserProfile.empty()).id();
    store.users().upsert("UCAT", UserProfile.empty());
    store.users().setActive(bob, false);
    store.users().touchLastSeen(ann);
    long github = store.servers().insert("github", "", "{}", true).id();
    long memory = store.servers().insert("memory", "", "{}", false).id();
    store.servers().insert("unused", "", "{}", false);
    store.serverConfigs().setEnabled(ann, github, true);
    store.serverConfigs().setEnabled(bob, github, true);
    store.serverConfigs().setEnabled(ann, memory, true);
    store.serverConfigs().setEnabled(bob, memory, false);
    long recent = store.conversations().findOrCreate(ann, "C1", null).id();
    long stale = store.conversations().findOrCreate(bob, "C1", null).id();
    store.conversations().append(recent, MessageRole.USER, "hi", null, null, false);
    store.conversations().append(recent, MessageRole.ASSISTANT, "hello", null, null, false);
    store.conversations().touch(stale, Instant.now().minus(Duration.ofDays(20)));
    store
        .toolCalls()
        .record(
            new ToolCallAudit(ann, recent, "github", "search", Instant.now(), 3, true, null, 9));

    UsageReport report = store.usageReport(since);

    assertThat(report.since()).isEqualTo(since);
    assertThat(report.totalUsers()).isEqualTo(3);
    assertThat(report.activeUsers()).isEqualTo(2);
    assertThat(report.usersSeenSince()).isEqualTo(1);
    assertThat(report.servers())
        .containsExactly(
            new ServerUsage("github", 2),
            new ServerUsage("memory", 1),
            new ServerUsage("unused", 0));
    assertThat(report.conversationsSince()).isEqualTo(1);
    assertThat(report.messagesSince()).isEqualTo(2);
    assertThat(report.toolCalls()).containsExactly(new ToolCallCount("github", "search", 1, 0, 3));
  }

  @DbTest
  void perUserAndPerServerActivityCountsToolCallsAndTokensInThePeriod(TestDb db) {
    Store store = db.store();
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofDays(40));
    long ann = store.users().upsert("UANN", UserProfile.empty()).id();
    long bob = store.users().upsert("UBOB", UserProfile.empty()).id();
    store.users().upsert("UIDLE", UserProfile.empty());
    ToolCallLog audit = store.toolCalls();
    audit.record(new ToolCallAudit(ann, null, "fs", "list", now, 10, true, null, 1));
    audit.record(new ToolCallAudit(ann, null, "fs", "read", now, 30, false, "no", 1));
    audit.record(new ToolCallAudit(bob, null, "fs", "list", now, 20, true, null, 1));
    audit.record(new ToolCallAudit(bob, null, "github", "search", old, 5, true, null, 1));
    store.turnUsage().record(new TurnUsage(ann, null, "openai", "m", 100, 40, 7, now));
    store.turnUsage().record(new TurnUsage(ann, null, "openai", "m", 50, 0, 3, now));
    store.turnUsage().record(new TurnUsage(bob, null, "openai", "m", 999, 9, 9, old));

    UsageReport report = store.usageReport(now.minus(Duration.ofDays(1)));

    assertThat(report.users())
        .containsExactly(
            new UserActivity("UANN", 2, 1, 2, 150, 40, 10),
            new UserActivity("UBOB", 1, 0, 0, 0, 0, 0));
    assertThat(report.serverCalls()).containsExactly(new ServerActivity("fs", 2, 3, 1, 60));
  }
}
