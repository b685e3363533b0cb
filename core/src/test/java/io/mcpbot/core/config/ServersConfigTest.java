package io.mcpbot.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServersConfigTest {
  private static final String SRC = "servers_config.json";

  /** Wraps one server entry as a whole file. */
  private static String one(String name, String body) {
    return "{\"mcpServers\": {\"" + name + "\": " + body + "}}";
  }

  private static List<String> problems(String json) {
    try {
      ServersConfig.parse(json, SRC);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected a ConfigException for " + json);
  }

  @Test
  void theDefaultFileAtTheRepositoryRootParsesCleanly() {
    Path file = Path.of("..", "servers_config.json");
    ServersConfig config = ServersConfig.load(file);
    assertThat(config.warnings()).isEmpty();
    assertThat(config.servers()).containsOnlyKeys("memory", "filesystem", "sqlite", "github");
    assertThat(config.servers().keySet())
        .containsExactly("memory", "filesystem", "sqlite", "github");
    ServerDefinition github = config.servers().get("github");
    assertThat(github.needsCredentials()).isTrue();
    CredentialSpec token = github.credentialForEnvVar("GITHUB_TOKEN").orElseThrow();
    assertThat(token.accepts("ghp_" + "a".repeat(36))).isTrue();
    assertThat(token.accepts("ghp_short")).isFalse();
    assertThat(((StdioServer) github).env())
        .containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN", "${GITHUB_TOKEN}");
    assertThat(((StdioServer) config.servers().get("sqlite")).args())
        .contains("./user_data/${user_id}/data.db");
    for (ServerDefinition def : config.servers().values()) {
      StdioServer d = (StdioServer) def;
      assertThat(d.command()).isEqualTo("npx");
      assertThat(d.args().get(1)).as(d.name() + " pins a version").matches(".+@\\d+\\.\\d+\\.\\d+");
    }
  }

  @Test
  void parsesEveryFieldOfTheGuidesSchema() {
    String json =
        """
        {"mcpServers": {
          "remote": {
            "url": "https://mcp.example.com/${user_id}/mcp",
            "headers": {"Authorization": "Bearer ${API_TOKEN}"},
            "description": "Remote",
            "required_credentials": [
              {"type": "oauth_token", "name": "token", "env_var": "API_TOKEN", "required": false}
            ],
            "timeouts": {"initialize_seconds": 5, "call_seconds": 2.5}
          },
          "local": {"command": "node", "args": ["srv.js", "--home", "${HOME_DIR}"],
                    "bot_env": ["HOME_DIR"]}
        }}
        """;
    ServersConfig c = ServersConfig.parse(json, SRC);
    RemoteServer remote = (RemoteServer) c.servers().get("remote");
    assertThat(remote.headers()).containsEntry("Authorization", "Bearer ${API_TOKEN}");
    assertThat(remote.requiredCredentials())
        .singleElement()
        .satisfies(
            cr -> {
              assertThat(cr.required()).isFalse();
              assertThat(cr.type()).isEqualTo("oauth_token");
              assertThat(cr.validation()).isEmpty();
            });
    assertThat(remote.initTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(remote.callTimeout()).isEqualTo(Duration.ofMillis(2500));
    // ${HOME_DIR} is not a credential: bot_env lets it come from the bot's environment at spawn.
    assertThat(((StdioServer) c.servers().get("local")).args())
        .containsExactly("srv.js", "--home", "${HOME_DIR}");
    assertThat(c.servers().keySet()).containsExactly("remote", "local");
  }

  @Test
  void jsonSyntaxErrorsGiveLineAndColumn() {
    String json = "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\" \"args\": []}\n  }\n}";
    assertThat(problems(json))
        .singleElement()
        .asString()
        .startsWith("servers_config.json: JSON syntax error at line 3, column 26:")
        .contains("fix the JSON");
  }

  @Test
  void syntaxErrorsDoNotEchoBareTokens() {
    assertThat(problems("{\"mcpServers\": {\"a\": {\"env\": {\"K\": ghp_supersecret}}}}"))
        .singleElement()
        .asString()
        .contains("line 1")
        .doesNotContain("supersecret");
  }

  @Test
  void duplicateServerNamesAreASyntaxError() {
    assertThat(
            problems(
                "{\"mcpServers\": {\"a\": {\"command\": \"x\"}, \"a\": {\"command\": \"y\"}}}"))
        .singleElement()
        .asString()
        .contains("Duplicate field 'a'");
  }

  @Test
  void missingOrConflictingCommandAndUrl() {
    assertThat(problems(one("s", "{\"args\": []}")))
        .containsExactly(
            "servers_config.json: server 's': missing \"command\" (for a stdio server) or \"url\""
                + " (for an HTTP server); add one, e.g. \"command\": \"npx\"");
    assertThat(problems(one("s", "{\"command\": \"x\", \"url\": \"https://h/mcp\"}")))
        .singleElement()
        .asString()
        .contains("server 's': has both \"command\" and \"url\"; keep only one");
    assertThat(problems(one("s", "{\"url\": \"ftp://h\"}")))
        .singleElement()
        .asString()
        .contains("\"url\" must be an http(s) URL");
    assertThat(problems(one("s", "{\"command\": \"${user_id}.sh\"}")))
        .singleElement()
        .asString()
        .contains("\"command\" cannot contain placeholders");
  }

  @Test
  void reportsAllProblemsAcrossServersAtOnce() {
    String json =
        """
        {"mcpServers": {
          "bad name!": {"command": "x"},
          "a": {},
          "b": {"command": "x", "required_credentials": [
             {"type": "magic", "name": "t", "env_var": "T", "validation_regex": "(unclosed"}]}
        }}
        """;
    List<String> p = problems(json);
    assertThat(p).hasSize(5);
    assertThat(p.get(0)).contains("server 'bad name!': the name must be 1-32 letters");
    assertThat(p.get(1)).contains("server 'a': missing \"command\"");
    assertThat(p)
        .anySatisfy(
            s ->
                assertThat(s)
                    .contains("credential 't': unknown type \"magic\"; use one of api_key"))
        .anySatisfy(
            s -> assertThat(s).contains("credential 't': invalid validation_regex (Unclosed group"))
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith(
                        "servers_config.json: server 'b': credential 't' fills env_var T but nothing uses it"));
  }

  @Test
  void serverNamesFollowToolPrefixRules() {
    assertThat(problems(one("x".repeat(33), "{\"command\": \"x\"}")))
        .singleElement()
        .asString()
        .contains("the name must be 1-32 letters, digits, '_' or '-'");
    assertThat(ServersConfig.parse(one("a_b-C9", "{\"command\": \"x\"}"), SRC).servers())
        .hasSize(1);
  }

  @Test
  void unusedCredentialIsAnErrorButAnEnvKeyCountsAsUse() {
    String unused =
        one(
            "gh",
            "{\"command\": \"x\", \"required_credentials\": [{\"type\": \"api_key\", \"name\":"
                + " \"tok\", \"env_var\": \"GH_TOKN\"}], \"env\": {\"GH\": \"${GH_TOKEN}\"}}");
    // the misspelled credential would have handed out the bot's own GH_TOKEN: now refused
    assertThat(problems(unused))
        .contains(
            "servers_config.json: server 'gh': env GH references ${GH_TOKEN}, which is neither a"
                + " credential of the user nor listed in its bot_env; declare it under"
                + " required_credentials (each user supplies their own) or add \"bot_env\":"
                + " [\"GH_TOKEN\"] to hand it the bot's value")
        .hasSize(2)
        .contains(
            "servers_config.json: server 'gh': credential 'tok' fills env_var GH_TOKN but nothing"
                + " uses it: add \"env\": {\"GH_TOKN\": \"${GH_TOKN}\"} or reference ${GH_TOKN} in"
                + " args or headers");
    String asEnvKey =
        one(
            "gh",
            "{\"command\": \"x\", \"required_credentials\": [{\"type\": \"api_key\", \"name\":"
                + " \"tok\", \"env_var\": \"GH_TOKEN\"}], \"env\": {\"GH_TOKEN\": \"\"}}");
    assertThat(ServersConfig.parse(asEnvKey, SRC).servers().get("gh").needsCredentials()).isTrue();
    String inArgs =
        one(
            "gh",
            "{\"command\": \"x\", \"args\": [\"--token=${GH_TOKEN}\"], \"required_credentials\":"
                + " [{\"type\": \"api_key\", \"name\": \"tok\", \"env_var\": \"GH_TOKEN\"}]}");
    assertThat(ServersConfig.parse(inArgs, SRC).servers()).containsKey("gh");
  }

  @Test
  void credentialFieldsAreChecked() {
    String json =
        one(
            "s",
            """
            {"command": "x", "env": {"A": "${A}", "B": "${B}", "C": "${C}"},
             "required_credentials": [
               {"type": "api_key", "name": "dup", "env_var": "A"},
               {"type": "api_key", "name": "dup", "env_var": "B"},
               {"type": "api_key", "name": "other", "env_var": "A"},
               {"name": "nothing"},
               {"type": "api_key", "name": "lower", "env_var": "c", "required": "yes"}
             ]}
            """);
    List<String> p = problems(json);
    assertThat(p)
        .anySatisfy(s -> assertThat(s).contains("credential 'dup': duplicate credential name"))
        .anySatisfy(s -> assertThat(s).contains("credential 'other': env_var A is already used"))
        .anySatisfy(s -> assertThat(s).contains("credential 'nothing': missing \"type\""))
        .anySatisfy(s -> assertThat(s).contains("credential 'nothing': missing \"env_var\""))
        .anySatisfy(s -> assertThat(s).contains("env_var \"c\" must match [A-Z_][A-Z0-9_]*"))
        .anySatisfy(
            s -> assertThat(s).contains("credential 'lower': \"required\" must be true or false"))
        .anySatisfy(s -> assertThat(s).contains("env C references ${C}, which is neither"))
        .hasSize(7);
  }

  @Test
  void malformedPlaceholdersAreErrors() {
    assertThat(problems(one("s", "{\"command\": \"x\", \"args\": [\"${\"]}")))
        .singleElement()
        .asString()
        .contains("server 's': args[0] has a malformed placeholder \"${\"");
    assertThat(problems(one("s", "{\"command\": \"x\", \"env\": {\"K\": \"a ${a b} c\"}}")))
        .singleElement()
        .asString()
        .contains("env K has a malformed placeholder \"${a b}\"; write ${user_id} or ${VAR}");
    assertThat(
            problems(one("s", "{\"url\": \"https://h/\", \"headers\": {\"X\": \"${User_Id}\"}}")))
        .singleElement()
        .asString()
        .contains("header X has a malformed placeholder");
  }

  @Test
  void botSecretsCannotBeHandedToServers() {
    assertThat(
            problems(
                one("X", "{\"command\": \"x\", \"env\": {\"GITHUB\": \"${SLACK_BOT_TOKEN}\"}}")))
        .containsExactly(
            "servers_config.json: server 'X': env GITHUB uses ${SLACK_BOT_TOKEN}, a bot secret;"
                + " servers never receive the bot's secrets: declare it in required_credentials so"
                + " each user supplies their own, or use another variable");
    assertThat(
            problems(
                one(
                    "X",
                    "{\"command\": \"x\", \"args\": [\"${ENCRYPTION_KEY}\", \"${OPENAI_API_KEY}\"]}")))
        .hasSize(2);
    // A user's own OPENAI_API_KEY credential is fine: it is the user's value, not the bot's.
    String own =
        one(
            "oa",
            "{\"command\": \"x\", \"env\": {\"OPENAI_API_KEY\": \"${OPENAI_API_KEY}\"},"
                + " \"required_credentials\": [{\"type\": \"api_key\", \"name\": \"k\","
                + " \"env_var\": \"OPENAI_API_KEY\"}]}");
    assertThat(ServersConfig.parse(own, SRC).servers()).containsKey("oa");
  }

  @Test
  void unknownKeysAreWarningsNamingServerAndKey() {
    String json =
        """
        {"version": 2, "mcpServers": {"s": {"command": "x", "cmd_args": [],
          "required_credentials": [{"type": "generic", "name": "n", "env_var": "N", "hint": "?"}],
          "env": {"N": "${N}"}, "headers": {"A": "b"}}}}
        """;
    ServersConfig c = ServersConfig.parse(json, SRC);
    assertThat(c.warnings())
        .hasSize(4)
        .anySatisfy(
            w ->
                assertThat(w)
                    .isEqualTo("servers_config.json: unknown top-level key \"version\" is ignored"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "servers_config.json: server 's': unknown key \"cmd_args\" is ignored"))
        .anySatisfy(
            w ->
                assertThat(w).contains("server 's': required_credentials[0]: unknown key \"hint\""))
        .anySatisfy(w -> assertThat(w).contains("\"headers\" only apply to \"url\" servers"));
  }

  @Test
  void typeErrorsAndStructure() {
    assertThat(problems("[]")).singleElement().asString().contains("top level must be an object");
    assertThat(problems("{}")).singleElement().asString().contains("missing \"mcpServers\"");
    assertThat(problems("")).singleElement().asString().contains("the file is empty");
    assertThat(
            problems(
                one(
                    "s",
                    "{\"command\": \"x\", \"args\": \"a b\", \"env\": [],"
                        + " \"timeouts\": {\"call_seconds\": -1}}")))
        .hasSize(3)
        .anySatisfy(s -> assertThat(s).contains("\"args\" must be an array of strings"))
        .anySatisfy(s -> assertThat(s).contains("\"env\" must be an object of string values"))
        .anySatisfy(s -> assertThat(s).contains("timeouts.call_seconds must be a number"));
  }

  @Test
  void missingFileNamesTheVariable(@TempDir Path dir) {
    assertThatThrownBy(() -> ServersConfig.load(dir.resolve("nope.json")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("MCP_SERVERS_CONFIG");
  }

  @Test
  void definitionsRoundTripThroughStableJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.json");
    Files.copy(Path.of("..", "servers_config.json"), file);
    ServersConfig c = ServersConfig.load(file);
    String remoteJson =
        one(
            "r",
            "{\"url\": \"https://h/mcp\", \"headers\": {\"Z\": \"1\", \"A\": \"${T}\"},"
                + " \"timeouts\": {\"initialize_seconds\": 1.5, \"call_seconds\": 30},"
                + " \"required_credentials\": [{\"type\": \"password\", \"name\": \"t\","
                + " \"env_var\": \"T\", \"required\": false, \"validation_regex\": \"\\\\d+\"}]}");
    List<ServerDefinition> all = new java.util.ArrayList<>(c.servers().values());
    all.add(ServersConfig.parse(remoteJson, SRC).servers().get("r"));
    for (ServerDefinition d : all) {
      String json = ServersConfig.toJson(d);
      ServerDefinition back = ServersConfig.fromJson(d.name(), json);
      assertThat(ServersConfig.toJson(back)).as(d.name()).isEqualTo(json);
      assertThat(back).hasSameClassAs(d);
      assertThat(back.initTimeout()).isEqualTo(d.initTimeout());
      assertThat(back.callTimeout()).isEqualTo(d.callTimeout());
    }
    ServerDefinition r = all.getLast();
    assertThat(ServersConfig.toJson(r))
        .isEqualTo(
            "{\"url\":\"https://h/mcp\",\"headers\":{\"A\":\"${T}\",\"Z\":\"1\"},"
                + "\"required_credentials\":[{\"type\":\"password\",\"name\":\"t\",\"env_var\":\"T\","
                + "\"required\":false,\"validation_regex\":\"\\\\d+\"}],"
                + "\"timeouts\":{\"initialize_seconds\":1.5,\"call_seconds\":30}}");
    assertThatThrownBy(() -> ServersConfig.fromJson("x", "{\"args\": []}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stored definition of server 'x'");
  }

  @Test
  void placeholderHelpersResolveInOnePass() {
    assertThat(Placeholders.names("a ${user_id} ${TOKEN} ${bad b}"))
        .containsExactly("user_id", "TOKEN");
    assertThat(
            Placeholders.resolve(
                "./user_data/${user_id}/${TOKEN}/${MISSING}",
                n ->
                    switch (n) {
                      case "user_id" -> "U123";
                      case "TOKEN" -> "${ENCRYPTION_KEY}$1\\";
                      default -> null;
                    }))
        .isEqualTo("./user_data/U123/${ENCRYPTION_KEY}$1\\/${MISSING}");
    assertThat(Placeholders.firstMalformed("ok ${A} then ${")).hasValue("${");
    assertThat(Placeholders.firstMalformed("no placeholders $HOME")).isEmpty();
  }

  @Test
  void botEnvAllowedUsersAndSandboxAreParsedAndRoundTrip() {
    String json =
        one(
            "s",
            """
            {"command": "x", "args": ["${user_dir}/db"], "env": {"P": "${HTTPS_PROXY}"},
             "bot_env": ["HTTPS_PROXY"], "allowed_users": ["U0ALICE", "W0BOB"],
             "sandbox": {"required": true, "network": false, "memory_mb": 256}}
            """);
    StdioServer s = (StdioServer) ServersConfig.parse(json, SRC).servers().get("s");
    assertThat(s.botEnv()).containsExactly("HTTPS_PROXY");
    assertThat(s.allows("U0ALICE")).isTrue();
    assertThat(s.allows("U0MALLORY")).isFalse();
    assertThat(s.sandboxRequired()).isTrue();
    assertThat(s.sandbox().network()).isFalse();
    assertThat(s.sandbox().limits().memoryBytes()).isEqualTo(256L * 1024 * 1024);
    String stored = ServersConfig.toJson(s);
    assertThat(stored).contains("\"required\":true").contains("\"memory_mb\":256");
    assertThat(ServersConfig.fromJson("s", stored)).isEqualTo(s);
    StdioServer plain =
        (StdioServer) ServersConfig.parse(one("p", "{\"command\": \"x\"}"), SRC).servers().get("p");
    assertThat(plain.allows("U0ANYONE")).isTrue();
    assertThat(plain.sandboxRequired()).isFalse();
    assertThat(ServersConfig.toJson(plain)).isEqualTo("{\"command\":\"x\"}");
  }

  @Test
  void badBotEnvAllowedUsersAndSandboxRequiredAreNamedWithTheFix() {
    String json =
        one(
            "s",
            """
            {"command": "x", "env": {"K": "${SLACK_BOT_TOKEN}"},
             "bot_env": ["SLACK_BOT_TOKEN", "lower", 3],
             "allowed_users": ["alice"], "sandbox": {"required": "yes"}}
            """);
    assertThat(problems(json))
        .contains(
            SRC
                + ": server 's': bot_env names SLACK_BOT_TOKEN, a secret of the bot itself;"
                + " servers never receive the bot's secrets: remove it and declare a"
                + " required_credentials entry so each user supplies their own",
            SRC + ": server 's': bot_env \"lower\" is not a variable name; use [A-Z_][A-Z0-9_]*",
            SRC + ": server 's': bot_env[2] must be a string, e.g. [\"HTTPS_PROXY\"]",
            SRC
                + ": server 's': allowed_users \"alice\" is not a Slack user ID; write IDs like"
                + " U012ABC (profile > Copy member ID)",
            SRC + ": server 's': sandbox.required must be true or false")
        .anySatisfy(p -> assertThat(p).contains("env K uses ${SLACK_BOT_TOKEN}, a bot secret"));
    assertThat(problems(one("e", "{\"command\": \"x\", \"allowed_users\": []}")))
        .singleElement()
        .asString()
        .contains("allowed_users is empty, so nobody could use the server");
  }

  @Test
  void aCredentialInArgsIsAWarningAndSandboxOnARemoteServerIsIgnored() {
    String json =
        """
        {"mcpServers": {
          "gh": {"command": "x", "args": ["--token=${GH_TOKEN}"],
                 "required_credentials": [{"type": "api_key", "name": "t", "env_var": "GH_TOKEN"}]},
          "r": {"url": "https://h/mcp", "sandbox": {"network": false}}
        }}
        """;
    assertThat(ServersConfig.parse(json, SRC).warnings())
        .containsExactly(
            SRC
                + ": server 'gh': args[0] puts a credential on the command line, where any local"
                + " user sees it (ps, /proc); pass it in \"env\" instead if the server reads it"
                + " there",
            SRC
                + ": server 'r': \"sandbox\" only applies to \"command\" servers and is ignored here");
  }

  @Test
  void theShippedSqliteServerRequiresTheSandbox() {
    ServersConfig c = ServersConfig.load(Path.of("..", "servers_config.json"));
    assertThat(((StdioServer) c.servers().get("sqlite")).sandboxRequired()).isTrue();
  }
}
