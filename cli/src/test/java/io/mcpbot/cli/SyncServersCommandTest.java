package io.mcpbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.store.McpServer;
import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.UserProfile;
import io.mcpbot.core.testing.DbTest;
import io.mcpbot.core.testing.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncServersCommandTest {
  static final String MEMORY = "\"memory\": {\"command\": \"npx\", \"args\": [\"-y\", \"m\"]}";
  static final String GITHUB =
      "\"github\": {\"command\": \"npx\", \"args\": [\"gh\"], \"env\":"
          + " {\"GITHUB_PERSONAL_ACCESS_TOKEN\": \"${GITHUB_TOKEN}\"}, \"description\": \"GitHub\","
          + " \"required_credentials\": [{\"type\": \"api_key\", \"name\": \"GITHUB_TOKEN\","
          + " \"env_var\": \"GITHUB_TOKEN\", \"required\": true}]}";

  @TempDir Path dir;

  private Path write(String... entries) throws IOException {
    return Files.writeString(
        dir.resolve("servers_config.json"),
        "{\"mcpServers\": {" + String.join(",", entries) + "}}");
  }

  private static Cli.Run sync(TestDb db, Path config, String... extra) {
    String[] args = new String[extra.length + 1];
    args[0] = "sync-servers";
    System.arraycopy(extra, 0, args, 1, extra.length);
    // The file comes from MCP_SERVERS_CONFIG unless --config is given.
    return Cli.run(Cli.env(db, "MCP_SERVERS_CONFIG", config.toString()), args);
  }

  private static String row(Cli.Run r, String server) {
    return r.out().lines().filter(l -> l.startsWith(server + " ")).findFirst().orElse("");
  }

  @DbTest
  void addsUpdatesDeactivatesReactivatesAndKeepsUsersData(TestDb db) throws IOException {
    Store store = db.store();
    Cli.Run added = sync(db, write(MEMORY, GITHUB));
    assertThat(added.code()).as(added.toString()).isZero();
    assertThat(row(added, "memory")).contains("added").contains("stdio npx");
    assertThat(row(added, "github")).contains("added").contains("1 credential");
    assertThat(added.out())
        .contains("2 added, 0 updated, 0 deactivated, 0 reactivated, 0 unchanged");

    McpServer github = store.servers().findByName("github").orElseThrow();
    long user = store.users().upsert("U1", UserProfile.empty()).id();
    store.serverConfigs().setEnabled(user, github.id(), true);
    store.credentials().put(user, github.id(), "GITHUB_TOKEN", "api_key", "sealed");

    Cli.Run same = sync(db, write(MEMORY, GITHUB));
    assertThat(same.out()).contains("2 unchanged").contains("(already in sync)");

    Cli.Run removed =
        sync(db, write(MEMORY.replace("\"m\"]", "\"m2\"], \"description\": \"Memory\"")));
    assertThat(removed.code()).isZero();
    assertThat(row(removed, "memory")).contains("updated").contains("definition, description");
    assertThat(row(removed, "github"))
        .contains("deactivated")
        .contains("users' settings and credentials kept");
    assertThat(store.servers().findByName("github").orElseThrow().active()).isFalse();
    assertThat(store.serverConfigs().isEnabled(user, github.id())).isTrue();
    assertThat(store.credentials().findAll(user, github.id()))
        .singleElement()
        .satisfies(c -> assertThat(c.encryptedValue()).isEqualTo("sealed"));

    Cli.Run back = sync(db, write(MEMORY, GITHUB));
    assertThat(row(back, "github")).contains("reactivated");
    assertThat(row(back, "memory")).contains("updated");
    assertThat(store.servers().findByName("github").orElseThrow().active()).isTrue();
    assertThat(store.serverConfigs().enabledServerNames(user)).containsExactly("github");
  }

  @DbTest
  void dryRunPrintsChangesAndWritesNothing(TestDb db) throws IOException {
    sync(db, write(MEMORY));
    var before = db.store().servers().listAll();

    Cli.Run r = sync(db, write(GITHUB), "--dry-run");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(row(r, "github")).contains("added");
    assertThat(row(r, "memory")).contains("deactivated");
    assertThat(r.out()).contains("(dry run: nothing written)");
    assertThat(db.store().servers().listAll()).isEqualTo(before);
  }

  @DbTest
  void jsonOutputAndConfigOption(TestDb db) throws IOException {
    Path other = Files.writeString(dir.resolve("other.json"), "{\"mcpServers\": {" + MEMORY + "}}");
    Cli.Run r = sync(db, dir.resolve("missing.json"), "--config", other.toString(), "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("dry_run").asBoolean()).isFalse();
    assertThat(doc.get("summary").get("added").asInt()).isEqualTo(1);
    assertThat(doc.get("servers").get(0).get("server").asText()).isEqualTo("memory");
    assertThat(doc.get("servers").get(0).get("action").asText()).isEqualTo("added");
  }

  @Test
  void validationErrorsAreAllListedWithServerAndKeyBeforeTouchingTheDatabase() throws IOException {
    Path config =
        write(
            "\"nocmd\": {\"args\": []}",
            "\"badre\": {\"command\": \"x\", \"required_credentials\": [{\"type\": \"api_key\","
                + " \"name\": \"t\", \"env_var\": \"T\", \"validation_regex\": \"(unclosed\"}]}",
            "\"odd\": {\"command\": \"x\", \"colour\": \"blue\"}");
    // An unreachable database: validation must fail first, with exit 1.
    Cli.Run r =
        Cli.run(
            Map.of("DATABASE_URL", "postgresql://u:p@127.0.0.1:1/none"),
            "sync-servers",
            "--config",
            config.toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("error: ")))
        .anyMatch(l -> l.contains("server 'nocmd'") && l.contains("\"command\""))
        .anyMatch(l -> l.contains("server 'badre'") && l.contains("validation_regex"));
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void jsonSyntaxErrorNamesLineAndColumn() throws IOException {
    Path config =
        Files.writeString(dir.resolve("bad.json"), "{\n \"mcpServers\": {\n  \"a\" {}\n}}");
    Cli.Run r = Cli.run(Map.of(), "sync-servers", "--config", config.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("line 3, column");
  }

  @DbTest
  void unknownKeysAreWarningsAndTheSyncProceeds(TestDb db) throws IOException {
    Cli.Run r = sync(db, write("\"odd\": {\"command\": \"x\", \"colour\": \"blue\"}"));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("warning: ").contains("odd").contains("colour");
    assertThat(db.store().servers().findByName("odd")).isPresent();
  }
}
