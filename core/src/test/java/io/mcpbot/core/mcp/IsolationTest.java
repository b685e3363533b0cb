package io.mcpbot.core.mcp;

import static io.mcpbot.core.mcp.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two users, one definition: each process sees only its own credential and none of the bot's. */
class IsolationTest {
  static final String ALICE = "UALICE1";
  static final String BOB = "WBOB22";
  @TempDir Path root;
  SessionPool pool;

  @AfterEach
  void tearDown() {
    if (pool != null) {
      pool.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> descendants() == 0);
  }

  private JsonNode dump(String user) throws Exception {
    ToolOutcome r = Fixtures.call(pool, user, "fx__env_dump", Map.of());
    assertThat(r.isError()).as(r.asText()).isFalse();
    return new ObjectMapper().readTree(r.asText());
  }

  @Test
  void eachUserSeesOnlyTheirOwnCredentialAndNoBotSecret() throws Exception {
    var base =
        fixtureWithToken(
            "fx",
            "normal",
            List.of(
                "--user",
                "${user_id}",
                "--token-arg",
                "${FIXTURE_TOKEN}",
                "--region",
                "${SHARED_REGION}",
                "--data",
                root + "/${user_id}/db.sqlite"),
            Map.of("SERVER_MODE", "test", "TOKEN_COPY", "${FIXTURE_TOKEN}"));
    var def = base.withOptions(base.options().withBotEnv(List.of("SHARED_REGION")));
    String evil = "${ENCRYPTION_KEY}; rm -rf / $(id) `id` $HOME";
    var source =
        new Source()
            .put(ALICE, us(def, Map.of("FIXTURE_TOKEN", "alice-token")))
            .put(BOB, us(def, Map.of("FIXTURE_TOKEN", evil)));
    pool = new SessionPool(config(root), source, botEnvFn());

    JsonNode a = dump(ALICE);
    JsonNode b = dump(BOB);
    // tool output masks each session's own resolved values (credential, bot_env region): a value
    // shown as exactly "<masked>" is exactly that value, kept literal; another's shows in clear
    assertThat(a.get("env").get("FIXTURE_TOKEN").asText()).isEqualTo("<masked>");
    assertThat(b.get("env").get("FIXTURE_TOKEN").asText()).isEqualTo("<masked>");
    assertThat(b.get("env").get("TOKEN_COPY").asText()).isEqualTo("<masked>");
    assertThat(a.get("env").get("SERVER_MODE").asText()).isEqualTo("test");
    assertThat(a.get("args").toString())
        .contains("\"UALICE1\"", "\"--token-arg\",\"<masked>\"", root + "/UALICE1/db.sqlite")
        .contains("\"--region\",\"<masked>\"")
        .doesNotContain("alice-token", "eu-west-1");
    assertThat(b.get("args").toString()).contains(root + "/WBOB22/db.sqlite");
    assertThat(b.get("args").findValuesAsText("args")).isEmpty();
    assertThat(b.get("args").toString())
        .contains("\"--token-arg\",\"<masked>\"")
        .doesNotContain("alice-token");
    assertThat(a.toString()).doesNotContain(evil);
    assertThat(a.get("cwd").asText()).isEqualTo(root.resolve(ALICE).toString());

    for (JsonNode d : List.of(a, b)) {
      String all = d.toString();
      // no secret VALUE of the bot anywhere (Bob's literal "${ENCRYPTION_KEY}" text is his own)
      assertThat(all).doesNotContain("SECRET", "xoxb-", "sk-openai", "postgres://");
      assertThat(d.get("env").has("ENCRYPTION_KEY")).isFalse();
      assertThat(d.get("env").has("SLACK_BOT_TOKEN")).isFalse();
      var names = new java.util.HashSet<String>();
      d.get("env").fieldNames().forEachRemaining(names::add);
      // PWD: bubblewrap sets it to the user's directory it starts the server in
      names.removeAll(
          List.of("PATH", "HOME", "LANG", "FIXTURE_TOKEN", "SERVER_MODE", "TOKEN_COPY", "PWD"));
      assertThat(names).as("env beyond allowlist + server env + credentials").isEmpty();
    }
    assertThat(a.toString()).doesNotContain("rm -rf");
    assertThat(b.toString()).doesNotContain("alice-token");
  }

  @Test
  void badUserIdIsRefused() {
    pool = new SessionPool(config(root), new Source(), botEnvFn());
    for (String bad : List.of("../etc", "u123", "UALICE1/../x", "", "U1", "ualice")) {
      assertThatThrownBy(() -> pool.catalog(bad))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("expected a Slack user id");
    }
  }

  @Test
  void missingCredentialNamesServerAndCredential() {
    var def = fixtureWithToken("fx", "normal", List.of(), Map.of());
    pool = new SessionPool(config(root), new Source().put(ALICE, us(def)), botEnvFn());
    ToolCatalog cat = pool.catalog(ALICE);
    assertThat(cat.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.reason())
                    .contains("'fx'")
                    .contains("'Fixture token'")
                    .contains("FIXTURE_TOKEN"));
    assertThat(descendants()).isZero();
    assertThat(pool.status(ALICE, "fx")).isInstanceOf(ServerStatus.NotStarted.class);
  }

  @Test
  void pathEscapeThroughACredentialIsRefused() {
    var def =
        fixtureWithToken(
            "fx", "normal", List.of("--db", root + "/${user_id}/${FIXTURE_TOKEN}"), Map.of());
    var source =
        new Source()
            .put(ALICE, us(def, Map.of("FIXTURE_TOKEN", "../WBOB22/secret.db")))
            .put(BOB, us(def, Map.of("FIXTURE_TOKEN", "mine.db")));
    pool = new SessionPool(config(root), source, botEnvFn());
    assertThat(pool.catalog(ALICE).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("leaves the user's data directory"));
    assertThat(pool.catalog(BOB).problems()).isEmpty();
  }

  @Test
  void theBotsOwnSecretsAreNeverSubstituted() {
    var def = fixtureWithToken("fx", "normal", List.of("--key", "${ENCRYPTION_KEY}"), Map.of());
    pool =
        new SessionPool(
            config(root),
            new Source().put(ALICE, us(def, Map.of("FIXTURE_TOKEN", "t"))),
            botEnvFn());
    assertThat(pool.catalog(ALICE).problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.reason())
                    .contains("secret of the bot itself")
                    .doesNotContain("SECRET"));
  }

  @Test
  void routingStaysWithinTheUser() {
    var source =
        new Source()
            .put(ALICE, us(fixture("alpha", "normal")))
            .put(BOB, us(fixture("beta", "normal")));
    pool = new SessionPool(config(root), source, botEnvFn());
    assertThat(pool.catalog(ALICE).tools()).allMatch(t -> t.server().equals("alpha"));
    ToolOutcome r = Fixtures.call(pool, BOB, "alpha__echo", Map.of("text", "x"));
    assertThat(r.isError()).isTrue();
    assertThat(r.asText()).contains("unknown tool 'alpha__echo'");
    assertThat(pool.stats().perUser()).containsOnlyKeys(ALICE, BOB);

    // a tool carries its route: handed to another user's call, it is refused, never started
    McpTool alices = pool.catalog(ALICE).find("alpha__echo").orElseThrow();
    ToolOutcome stolen = pool.call(BOB, alices, Map.of("text", "x"));
    assertThat(stolen.isError()).isTrue();
    assertThat(stolen.asText()).contains("not in your tool list");
    assertThat(pool.status(BOB, "alpha")).isInstanceOf(ServerStatus.NotStarted.class);
  }
}
