package io.mcpbot.core.config;

import static io.mcpbot.core.config.ServersConfigTest.SRC;
import static io.mcpbot.core.config.ServersConfigTest.one;
import static io.mcpbot.core.config.ServersConfigTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The per-server keys bot_env, allowed_users and sandbox, and the credential-in-args warning. */
class ServerKeysTest {
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
