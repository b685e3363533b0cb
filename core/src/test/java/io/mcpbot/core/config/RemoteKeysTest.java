package io.mcpbot.core.config;

import static io.mcpbot.core.config.ServersConfigTest.SRC;
import static io.mcpbot.core.config.ServersConfigTest.one;
import static io.mcpbot.core.config.ServersConfigTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A remote server's "transport" and "oauth" keys: parsed, checked, stored and read back. */
class RemoteKeysTest {
  @Test
  void transportAndOAuthAreParsedAndRoundTripThroughTheStoredForm() {
    String json =
        one(
            "gh",
            """
            {"url": "https://h/v1/mcp?x=1", "transport": "sse",
             "oauth": {"client_id": "abc", "client_secret_env": "GH_CLIENT_SECRET",
                       "scopes": ["repo", "read:org"]}}
            """);
    RemoteServer r = (RemoteServer) ServersConfig.parse(json, SRC).servers().get("gh");
    assertThat(r.url()).isEqualTo("https://h/v1/mcp?x=1");
    assertThat(r.transport()).isEqualTo(RemoteTransport.SSE);
    assertThat(r.oauth())
        .isEqualTo(new OAuthClient("abc", "GH_CLIENT_SECRET", List.of("repo", "read:org")));
    String stored = ServersConfig.toJson(r);
    assertThat(stored)
        .contains("\"transport\":\"sse\"")
        .contains("\"client_secret_env\":\"GH_CLIENT_SECRET\"");
    assertThat(ServersConfig.fromJson("gh", stored)).isEqualTo(r);

    RemoteServer streamable =
        (RemoteServer)
            ServersConfig.parse(
                    one("s", "{\"url\": \"https://h/mcp\", \"transport\": \"streamable-http\"}"),
                    SRC)
                .servers()
                .get("s");
    assertThat(streamable.transport()).isEqualTo(RemoteTransport.STREAMABLE_HTTP);
    assertThat(ServersConfig.fromJson("s", ServersConfig.toJson(streamable))).isEqualTo(streamable);
  }

  @Test
  void unsetKeysMeanProbeAndNoClientAndAreNotWritten() {
    RemoteServer r =
        (RemoteServer)
            ServersConfig.parse(one("p", "{\"url\": \"https://h/mcp\"}"), SRC).servers().get("p");
    assertThat(r.transport()).isEqualTo(RemoteTransport.AUTO);
    assertThat(r.oauth()).isNull();
    assertThat(ServersConfig.toJson(r)).isEqualTo("{\"url\":\"https://h/mcp\"}");
    RemoteServer publicClient =
        (RemoteServer)
            ServersConfig.parse(
                    one("c", "{\"url\": \"https://h/mcp\", \"oauth\": {\"client_id\": \"pub\"}}"),
                    SRC)
                .servers()
                .get("c");
    assertThat(publicClient.oauth()).isEqualTo(new OAuthClient("pub", null, List.of()));
    assertThat(ServersConfig.fromJson("c", ServersConfig.toJson(publicClient)))
        .isEqualTo(publicClient);
  }

  @Test
  void badValuesAreNamedWithTheFix() {
    assertThat(problems(one("t", "{\"url\": \"https://h/mcp\", \"transport\": \"websocket\"}")))
        .containsExactly(
            SRC
                + ": server 't': \"transport\" is \"websocket\"; use \"streamable-http\" or"
                + " \"sse\", or remove it to let the bot probe (streamable HTTP first, then"
                + " HTTP+SSE)");
    assertThat(
            problems(
                one(
                    "o",
                    """
                    {"url": "https://h/mcp",
                     "oauth": {"client_id": "a", "client_secret": "s3cr3t"}}
                    """)))
        .singleElement()
        .asString()
        .contains("oauth.client_secret would put a secret in servers_config.json")
        .contains("\"client_secret_env\"")
        .doesNotContain("s3cr3t");
    assertThat(
            problems(
                one(
                    "v",
                    """
                    {"url": "https://h/mcp", "oauth": {"client_id": "a",
                     "client_secret_env": "lower-case", "scopes": ["a b", 3]}}
                    """)))
        .contains(
            SRC
                + ": server 'v': oauth.client_secret_env \"lower-case\" is not a variable name;"
                + " use [A-Z_][A-Z0-9_]*, e.g. \"GITHUB_CLIENT_SECRET\"",
            SRC + ": server 'v': oauth.scopes[0] must be one scope name without spaces",
            SRC + ": server 'v': oauth.scopes[1] must be one scope name without spaces");
    assertThat(
            problems(
                one(
                    "b",
                    "{\"url\": \"https://h/mcp\", \"oauth\": {\"client_secret_env\":"
                        + " \"SLACK_BOT_TOKEN\"}}")))
        .anySatisfy(p -> assertThat(p).contains("oauth.client_id is missing"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "oauth.client_secret_env names SLACK_BOT_TOKEN, a secret of the bot"));
    assertThat(problems(one("x", "{\"url\": \"https://h/mcp\", \"oauth\": \"abc\"}")))
        .singleElement()
        .asString()
        .contains("\"oauth\" must be an object");
  }

  @Test
  void transportAndOAuthOnAStdioServerAreIgnoredWithAWarning() {
    String json =
        one("s", "{\"command\": \"x\", \"transport\": \"sse\", \"oauth\": {\"client_id\": \"a\"}}");
    ServersConfig c = ServersConfig.parse(json, SRC);
    assertThat(c.servers().get("s")).isInstanceOf(StdioServer.class);
    assertThat(c.warnings())
        .containsExactly(
            SRC + ": server 's': \"transport\" only applies to \"url\" servers and is ignored here",
            SRC + ": server 's': \"oauth\" only applies to \"url\" servers and is ignored here");
  }
}
