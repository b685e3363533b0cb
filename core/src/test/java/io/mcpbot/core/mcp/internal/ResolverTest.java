package io.mcpbot.core.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpbot.core.config.CredentialSpec;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.config.StdioServer;
import io.mcpbot.core.mcp.McpException;
import io.mcpbot.core.mcp.MissingCredentialException;
import io.mcpbot.core.mcp.UserServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolverTest {
  final Path root = Path.of("/srv/mcpbot/user_data");
  final Map<String, String> bot =
      Map.of(
          "PATH",
          "/usr/bin",
          "TZ",
          "UTC",
          "REGION",
          "eu",
          "ENCRYPTION_KEY",
          "k",
          "SLACK_APP_TOKEN",
          "xapp");
  final Resolver resolver = new Resolver(root, bot::get);

  static StdioServer def(List<String> args, Map<String, String> env, List<CredentialSpec> creds) {
    return new StdioServer("srv", "tool", args, env, ServerOptions.NONE.withCredentials(creds));
  }

  static CredentialSpec cred(String env, boolean required) {
    return new CredentialSpec("api_key", env.toLowerCase(), "", env, required, null);
  }

  @Test
  void onePassLiteralSubstitution() {
    var plain =
        def(
            List.of("--k=${KEY}", "${user_id}", "${REGION}", "$${KEY}"),
            Map.of("E", "${KEY}"),
            List.of(cred("KEY", true)));
    var d = plain.withOptions(plain.options().withBotEnv(List.of("REGION")));
    String nasty = "${REGION}$1\\0 $(id) ${user_id}";
    ResolvedServer r = resolver.resolve("U0ABC", new UserServer(d, Map.of("KEY", nasty)));
    assertThat(r.args()).containsExactly("--k=" + nasty, "U0ABC", "eu", "$" + nasty);
    assertThat(r.env())
        .containsEntry("E", nasty)
        .containsEntry("KEY", nasty)
        .containsEntry("PATH", "/usr/bin")
        .containsEntry("TZ", "UTC")
        .doesNotContainKeys("ENCRYPTION_KEY", "SLACK_APP_TOKEN", "REGION");
    assertThat(r.mask("saw " + nasty)).isEqualTo("saw <masked>");
    assertThat(r.toString()).doesNotContain(nasty);
  }

  @Test
  void missingRequiredCredentialIsNamed() {
    var d = def(List.of(), Map.of(), List.of(cred("GITHUB_TOKEN", true)));
    assertThatThrownBy(() -> resolver.resolve("U0ABC", new UserServer(d, Map.of())))
        .isInstanceOfSatisfying(
            MissingCredentialException.class,
            e -> {
              assertThat(e.getMessage()).contains("server 'srv'");
              assertThat(e.credential().envVar()).isEqualTo("GITHUB_TOKEN");
              assertThat(e.credential().name()).isEqualTo("github_token");
            });
  }

  @Test
  void optionalCredentialResolvesEmptyAndUnknownVarIsAConfigError() {
    var d = def(List.of("--opt=${OPT}"), Map.of(), List.of(cred("OPT", false)));
    assertThat(resolver.resolve("U0ABC", new UserServer(d, Map.of())).args())
        .containsExactly("--opt=");
    var bad = def(List.of("${NOPE}"), Map.of(), List.of());
    assertThatThrownBy(() -> resolver.resolve("U0ABC", new UserServer(bad, Map.of())))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("${NOPE}");
  }

  @Test
  void userIdsAndPathsAreChecked() {
    assertThatThrownBy(() -> Resolver.requireUserId("U0ABC/..")).isInstanceOf(McpException.class);
    assertThat(Resolver.requireUserId("W0ABC")).isEqualTo("W0ABC");
    var d =
        def(
            List.of(root + "/${user_id}/${DB}"),
            Map.of("DATA", "--dir=" + root + "/${DB}"),
            List.of(cred("DB", true)));
    assertThat(resolver.resolve("U0ABC", new UserServer(d, Map.of("DB", "U0ABC"))).env())
        .containsEntry("DATA", "--dir=" + root + "/U0ABC");
    assertThatThrownBy(
            () -> resolver.resolve("U0ABC", new UserServer(d, Map.of("DB", "../../../etc/passwd"))))
        .hasMessageContaining("leaves the user's data directory");
    assertThatThrownBy(
            () -> resolver.resolve("U0ABC", new UserServer(d, Map.of("DB", "x/../../UOTHER"))))
        .hasMessageContaining("leaves the user's data directory");
  }

  @Test
  void relativePathsTheAdminWroteBecomeAbsoluteBecauseTheServerRunsInTheUsersDirectory() {
    Path cwd = Path.of("").toAbsolutePath();
    Resolver local = new Resolver(cwd.resolve("user_data"), bot::get);
    var d =
        new StdioServer(
            "srv",
            "./bin/server",
            List.of("./user_data/${user_id}/files", "--db=./user_data/${user_id}/x.db", "${KEY}"),
            Map.of("MEMORY_FILE_PATH", "./user_data/${user_id}/memory.json"),
            ServerOptions.NONE.withCredentials(List.of(cred("KEY", true))));

    ResolvedServer r = local.resolve("U0ABC", new UserServer(d, Map.of("KEY", "./relative")));

    Path user = cwd.resolve("user_data/U0ABC");
    assertThat(r.command()).isEqualTo(cwd.resolve("bin/server").toString());
    assertThat(r.args())
        .containsExactly(
            user.resolve("files").toString(), "--db=" + user.resolve("x.db"), "./relative");
    assertThat(r.env()).containsEntry("MEMORY_FILE_PATH", user.resolve("memory.json").toString());
  }

  @Test
  void relativePathsIntoTheDataRootArePassedAbsolute() {
    // servers_config.json says ./user_data/${user_id}/...; the child runs in the user's directory
    var rel = new Resolver(Path.of("./user_data"), bot::get);
    Path user = Path.of("").toAbsolutePath().resolve("user_data").resolve("U0ABC");
    var d =
        def(
            List.of(
                "-y", "pkg@1", "./user_data/${user_id}/files", "--db=./user_data/${user_id}/x.db"),
            Map.of("MEMORY_FILE_PATH", "./user_data/${user_id}/memory.json", "MODE", "./rel"),
            List.of());
    ResolvedServer r = rel.resolve("U0ABC", new UserServer(d, Map.of()));
    assertThat(r.args()).containsExactly("-y", "pkg@1", user + "/files", "--db=" + user + "/x.db");
    assertThat(r.env())
        .containsEntry("MEMORY_FILE_PATH", user + "/memory.json")
        .containsEntry("MODE", Path.of("").toAbsolutePath().resolve("rel").toString());
    assertThat(r.userDir()).isEqualTo(user);
  }

  @Test
  void everyKindOfBotSecretIsRefusedButAUsersOwnCredentialOfThatNameIsNot() {
    for (String name :
        List.of("ENCRYPTION_KEY", "ENCRYPTION_SALT", "MASTER_PASSWORD", "SLACK_BOT_TOKEN")) {
      var d = def(List.of("${" + name + "}"), Map.of(), List.of());
      assertThatThrownBy(() -> resolver.resolve("U0ABC", new UserServer(d, Map.of())))
          .hasMessageContaining("a secret of the bot itself");
    }
    var withBotKey =
        new Resolver(root, Map.of("SERPER_API_KEY", "bot-serper-key", "PATH", "/bin")::get);
    var d = def(List.of(), Map.of("KEY", "${SERPER_API_KEY}"), List.of());
    assertThatThrownBy(() -> withBotKey.resolve("U0ABC", new UserServer(d, Map.of())))
        .hasMessageContaining("a secret of the bot itself")
        .hasMessageNotContaining("bot-serper-key");
    var own =
        def(List.of(), Map.of("KEY", "${SERPER_API_KEY}"), List.of(cred("SERPER_API_KEY", true)));
    assertThat(
            withBotKey
                .resolve("U0ABC", new UserServer(own, Map.of("SERPER_API_KEY", "users-own")))
                .env())
        .containsEntry("KEY", "users-own");
  }

  @Test
  void aCredentialCannotLeadOutWhateverUserDataDirIs(@TempDir Path elsewhere) {
    // USER_DATA_DIR far from the bot's working directory, the config's ./user_data/${user_id}/...
    Resolver r = new Resolver(elsewhere.resolve("data"), bot::get);
    Path user = elsewhere.resolve("data").resolve("U0ABC");
    var d =
        def(
            List.of("./user_data/${user_id}/${DB}", "--home=${user_dir}/h"),
            Map.of("RAW", "./rel/${DB}"),
            List.of(cred("DB", true)));
    assertThatThrownBy(() -> r.resolve("U0ABC", new UserServer(d, Map.of("DB", "../../../../etc"))))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("leaves the user's data directory")
        .hasMessageNotContaining("etc");
    var argsOnly =
        def(
            List.of("./user_data/${user_id}/${DB}", "--home=${user_dir}/h"),
            Map.of(),
            List.of(cred("DB", true)));
    ResolvedServer ok = r.resolve("U0ABC", new UserServer(argsOnly, Map.of("DB", "x.db")));
    assertThat(ok.args()).containsExactly(user.resolve("x.db").toString(), "--home=" + user + "/h");
    // a credential in a relative path outside the data root is confined too
    assertThatThrownBy(() -> r.resolve("U0ABC", new UserServer(d, Map.of("DB", "x.db"))))
        .hasMessageContaining("leaves the user's data directory");
  }

  @Test
  void symlinksInsideTheUsersDirectoryDoNotLeadOut(@TempDir Path elsewhere) throws Exception {
    Resolver r = new Resolver(elsewhere.resolve("data"), bot::get);
    Path user = elsewhere.resolve("data").resolve("U0ABC");
    Files.createDirectories(user.resolve("inside"));
    Files.createDirectories(elsewhere.resolve("secret"));
    Files.createSymbolicLink(user.resolve("out"), elsewhere.resolve("secret"));
    Files.createSymbolicLink(user.resolve("dangling"), elsewhere.resolve("new-file"));
    Files.createSymbolicLink(user.resolve("in"), user.resolve("inside"));
    var d = def(List.of("${user_dir}/${F}"), Map.of(), List.of(cred("F", true)));
    for (String bad : List.of("out/x.db", "out", "dangling")) {
      assertThatThrownBy(() -> r.resolve("U0ABC", new UserServer(d, Map.of("F", bad))))
          .as(bad)
          .hasMessageContaining("leaves the user's data directory");
    }
    assertThat(r.resolve("U0ABC", new UserServer(d, Map.of("F", "in/x.db"))).args())
        .containsExactly(user.resolve("in/x.db").toString());
  }

  @Test
  void onlyListedBotVariablesResolveAndTheirValuesAreMasked() {
    var bare = def(List.of(), Map.of("P", "${HTTPS_PROXY}"), List.of());
    var withProxy = new Resolver(root, Map.of("HTTPS_PROXY", "http://u:pw@proxy:3128")::get);
    assertThatThrownBy(() -> withProxy.resolve("U0ABC", new UserServer(bare, Map.of())))
        .hasMessageContaining("${HTTPS_PROXY}")
        .hasMessageContaining("\"bot_env\": [\"HTTPS_PROXY\"]")
        .hasMessageNotContaining("pw@proxy");
    var listed = bare.withOptions(bare.options().withBotEnv(List.of("HTTPS_PROXY")));
    ResolvedServer rs = withProxy.resolve("U0ABC", new UserServer(listed, Map.of()));
    assertThat(rs.env()).containsEntry("P", "http://u:pw@proxy:3128");
    assertThat(rs.mask("proxy is http://u:pw@proxy:3128")).isEqualTo("proxy is <masked>");
    assertThatThrownBy(() -> resolver.resolve("U0ABC", new UserServer(listed, Map.of())))
        .hasMessageContaining("lists HTTPS_PROXY in bot_env but the bot's environment does not");
  }
}
