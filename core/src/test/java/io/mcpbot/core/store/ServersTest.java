package io.mcpbot.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;

class ServersTest {

  @DbTest
  void insertFindUpdateAndDeactivate(TestDb db) {
    ServerRegistry servers = db.store().servers();
    McpServer github = servers.insert("github", "GitHub", "{\"command\":\"npx\"}", true);
    McpServer memory = servers.insert("memory", null, "{\"command\":\"node\"}", false);

    assertThat(github.active()).isTrue();
    assertThat(github.requiresCredentials()).isTrue();
    assertThat(servers.findByName("github")).contains(github);
    assertThat(servers.findById(memory.id())).contains(memory);
    assertThat(servers.findByName("nope")).isEmpty();
    assertThat(servers.listAll()).extracting(McpServer::name).containsExactly("github", "memory");

    assertThat(servers.update(memory.id(), "Memory", "{\"command\":\"npx\"}", true)).isTrue();
    McpServer changed = servers.findById(memory.id()).orElseThrow();
    assertThat(changed.description()).isEqualTo("Memory");
    assertThat(changed.definitionJson()).isEqualTo("{\"command\":\"npx\"}");
    assertThat(changed.requiresCredentials()).isTrue();

    assertThat(servers.setActive(github.id(), false)).isTrue();
    assertThat(servers.listActive()).extracting(McpServer::name).containsExactly("memory");
    assertThat(servers.listAll()).hasSize(2);
    assertThat(servers.update(999_999, "x", "{}", false)).isFalse();
  }

  @DbTest
  void nameIsUnique(TestDb db) {
    db.store().servers().insert("github", "", "{}", false);
    assertThatThrownBy(() -> db.store().servers().insert("github", "", "{}", false))
        .satisfies(e -> assertThat(Sql.isUniqueViolation(e)).isTrue());
  }
}
