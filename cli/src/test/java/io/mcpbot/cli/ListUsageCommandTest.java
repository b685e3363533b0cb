package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.store.MessageRole;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.ToolCallAudit;
import io.mcpbot.core.store.TurnUsage;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.time.Duration;
import java.time.Instant;

class ListUsageCommandTest {

  /** Two users (one inactive), three servers (one inactive), recent and 60-day-old activity. */
  static void seed(Store store) {
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofDays(60));
    long u1 = store.users().upsert("U1", UserProfile.empty()).id();
    long u2 = store.users().upsert("U2", UserProfile.empty()).id();
    store.users().setActive(u2, false);
    store.users().touchLastSeen(u1);
    long github = store.servers().insert("github", "", "{}", true).id();
    long jira = store.servers().insert("jira", "", "{}", true).id();
    long gone = store.servers().insert("gone", "", "{}", false).id();
    store.servers().setActive(gone, false);
    store.serverConfigs().setEnabled(u1, github, true);
    store.serverConfigs().setEnabled(u2, github, true);
    store.serverConfigs().setEnabled(u1, jira, false);
    store.serverConfigs().setEnabled(u1, gone, true);
    long recent = store.conversations().findOrCreate(u1, "D1", null).id();
    store.conversations().append(recent, MessageRole.USER, "hi", null, null, false);
    store.conversations().append(recent, MessageRole.ASSISTANT, "hello", null, null, false);
    store.conversations().append(recent, MessageRole.USER, "bye", null, null, false);
    long stale = store.conversations().findOrCreate(u2, "D2", null).id();
    store.conversations().touch(stale, old);
    store
        .toolCalls()
        .record(new ToolCallAudit(u1, recent, "github", "search", now, 100, true, null, 10));
    store
        .toolCalls()
        .record(new ToolCallAudit(u1, recent, "github", "search", now, 300, false, "boom", 10));
    store.toolCalls().record(new ToolCallAudit(u1, recent, "jira", "get", now, 50, true, null, 5));
    store.toolCalls().record(new ToolCallAudit(u2, null, "jira", "get", old, 999, true, null, 5));
    store.turnUsage().record(new TurnUsage(u1, recent, "openai", "gpt", 1200, 800, 90, now));
    store.turnUsage().record(new TurnUsage(u2, null, "openai", "gpt", 5, 0, 5, old));
  }

  @DbTest
  void textTablesShowThePeriod(TestDb db) {
    seed(db.store());
    Cli.Run r = Cli.run(Cli.env(db), "list-usage");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("(30d)")
        .containsPattern("total_users\\s+2")
        .containsPattern("active_users\\s+1")
        .containsPattern("users_seen\\s+1")
        .containsPattern("conversations\\s+1")
        .containsPattern("messages\\s+3")
        .containsPattern("github\\s+2")
        .containsPattern("jira\\s+0")
        .containsPattern("github\\s+search\\s+2\\s+1\\s+200")
        .containsPattern("jira\\s+get\\s+1\\s+0\\s+50")
        .containsPattern("U1\\s+3\\s+1\\s+1\\s+1200\\s+800\\s+90")
        .containsPattern("github\\s+1\\s+2\\s+1\\s+200")
        .doesNotContain("U2")
        .doesNotContain("gone");
  }

  @DbTest
  void jsonHasTotalsServersAndToolCalls(TestDb db) throws Exception {
    seed(db.store());
    Cli.Run r = Cli.run(Cli.env(db), "list-usage", "--since", "90d", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("period").asText()).isEqualTo("90d");
    assertThat(doc.get("conversations").asLong()).isEqualTo(2);
    assertThat(doc.get("active_users").asLong()).isEqualTo(1);
    assertThat(doc.get("servers")).hasSize(2);
    assertThat(doc.get("servers").get(0).get("server").asText()).isEqualTo("github");
    assertThat(doc.get("servers").get(0).get("enabled_users").asLong()).isEqualTo(2);
    JsonNode jira = doc.get("tool_calls").get(1);
    assertThat(jira.get("tool").asText()).isEqualTo("get");
    assertThat(jira.get("calls").asLong()).isEqualTo(2);
    assertThat(jira.get("avg_ms").asLong()).isEqualTo(525);
    assertThat(doc.get("users")).hasSize(2);
    JsonNode u1 = doc.get("users").get(0);
    assertThat(u1.get("user").asText()).isEqualTo("U1");
    assertThat(u1.get("tool_calls").asLong()).isEqualTo(3);
    assertThat(u1.get("cached_input_tokens").asLong()).isEqualTo(800);
    JsonNode jiraCalls = doc.get("server_calls").get(1);
    assertThat(jiraCalls.get("server").asText()).isEqualTo("jira");
    assertThat(jiraCalls.get("users").asLong()).isEqualTo(2);
  }

  @DbTest
  void csvIsOneLongTable(TestDb db) {
    seed(db.store());
    Cli.Run r = Cli.run(Cli.env(db), "list-usage", "--since", "12h", "--csv");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out().lines().toList()).first().isEqualTo("section,server,tool,metric,value");
    assertThat(r.out().lines())
        .contains(
            "totals,,,messages,3",
            "servers,github,,enabled_users,2",
            "tool_calls,github,search,failures,1",
            "tool_calls,github,search,avg_ms,200",
            "per_user,U1,,input_tokens,1200",
            "per_user,U1,,output_tokens,90",
            "per_server,jira,,calls,1")
        .allMatch(l -> l.split(",", -1).length == 5);
  }
}
