package io.mcpbot.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.admin.SyncResult.Action;
import io.mcpbot.core.admin.SyncResult.Change;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.store.McpServer;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.util.List;

class ServerSyncTest {
  static final String MEMORY = "\"memory\": {\"command\": \"npx\", \"args\": [\"-y\", \"m\"]}";
  static final String GITHUB =
      "\"github\": {\"command\": \"npx\", \"args\": [\"gh\"], \"env\": {\"GITHUB_PERSONAL_ACCESS_TOKEN\":"
          + " \"${GITHUB_TOKEN}\"}, \"description\": \"GitHub\", \"required_credentials\": [{\"type\":"
          + " \"api_key\", \"name\": \"GITHUB_TOKEN\", \"env_var\": \"GITHUB_TOKEN\", \"required\":"
          + " true}]}";

  static ServersConfig config(String... entries) {
    return ServersConfig.parse("{\"mcpServers\": {" + String.join(",", entries) + "}}", "test");
  }

  private static List<Change> changes(SyncResult r) {
    return r.changes();
  }

  @DbTest
  void addsUpdatesDeactivatesAndReactivatesKeepingUsersData(TestDb db) {
    Store store = db.store();
    SyncResult first = ServerSync.sync(store, config(MEMORY, GITHUB), false);
    assertThat(changes(first))
        .extracting(Change::server, Change::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("memory", Action.ADDED),
            org.assertj.core.groups.Tuple.tuple("github", Action.ADDED));
    McpServer github = store.servers().findByName("github").orElseThrow();
    assertThat(github.requiresCredentials()).isTrue();
    assertThat(github.description()).isEqualTo("GitHub");
    assertThat(github.definitionJson())
        .isEqualTo(ServersConfig.toJson(config(GITHUB).servers().get("github")));

    long user = store.users().upsert("U1", UserProfile.empty()).id();
    store.serverConfigs().setEnabled(user, github.id(), true);
    store.credentials().put(user, github.id(), "GITHUB_TOKEN", "api_key", "token");

    assertThat(ServerSync.sync(store, config(MEMORY, GITHUB), false).changedAnything()).isFalse();

    String memory2 = MEMORY.replace("\"m\"]", "\"m2\"], \"description\": \"Memory\"");
    SyncResult removed = ServerSync.sync(store, config(memory2), false);
    assertThat(changes(removed))
        .containsExactly(
            new Change("memory", Action.UPDATED, "definition, description"),
            new Change(
                "github",
                Action.DEACTIVATED,
                "not in the file; users' settings and credentials kept"));
    assertThat(store.servers().findByName("github").orElseThrow().active()).isFalse();
    assertThat(store.serverConfigs().isEnabled(user, github.id())).isTrue();
    assertThat(store.credentials().findAll(user, github.id())).hasSize(1);

    SyncResult back = ServerSync.sync(store, config(memory2, GITHUB), false);
    assertThat(back.count(Action.REACTIVATED)).isEqualTo(1);
    assertThat(back.count(Action.UNCHANGED)).isEqualTo(1);
    McpServer again = store.servers().findByName("github").orElseThrow();
    assertThat(again.active()).isTrue();
    assertThat(again.id()).isEqualTo(github.id());
    assertThat(store.serverConfigs().enabledServerNames(user)).containsExactly("github");
  }

  @DbTest
  void dryRunReportsButWritesNothing(TestDb db) {
    Store store = db.store();
    ServerSync.sync(store, config(MEMORY), false);
    List<McpServer> before = store.servers().listAll();

    SyncResult r = ServerSync.sync(store, config(GITHUB), true);

    assertThat(r.dryRun()).isTrue();
    assertThat(r.count(Action.ADDED)).isEqualTo(1);
    assertThat(r.count(Action.DEACTIVATED)).isEqualTo(1);
    assertThat(store.servers().listAll()).isEqualTo(before);
  }

  @DbTest
  void syncRefusesAnUndeclaredVariableAndWarnsOfACredentialInArgs(TestDb db) {
    String misspelled =
        GITHUB.replace(
            "\"name\": \"GITHUB_TOKEN\", \"env_var\": \"GITHUB_TOKEN\"",
            "\"name\": \"GITHUB_TOKEN\", \"env_var\": \"GH_TOKEN\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config(misspelled))
        .isInstanceOf(io.mcpbot.core.config.ConfigException.class)
        .hasMessageContaining(
            "server 'github': env GITHUB_PERSONAL_ACCESS_TOKEN references ${GITHUB_TOKEN}, which"
                + " is neither a credential of the user nor listed in its bot_env");
    String inArgs =
        "\"cli\": {\"command\": \"x\", \"args\": [\"--token\", \"${T}\"],"
            + " \"required_credentials\": [{\"type\": \"api_key\", \"name\": \"t\","
            + " \"env_var\": \"T\"}]}";
    SyncResult r = ServerSync.sync(db.store(), config(inArgs), true);
    assertThat(r.warnings())
        .singleElement()
        .asString()
        .contains("server 'cli': args[1] puts a credential on the command line")
        .contains("pass it in \"env\" instead");
  }
}
