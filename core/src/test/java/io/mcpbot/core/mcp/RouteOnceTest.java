package io.mcpbot.core.mcp;

import static io.mcpbot.core.mcp.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call goes to the session its tool came from; credentials are read only to start one. */
class RouteOnceTest {
  static final String U = "UROUTE1";
  @TempDir Path root;
  SessionPool pool;

  @AfterEach
  void tearDown() {
    if (pool != null) {
      pool.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> descendants() == 0);
  }

  @Test
  void callsNeitherAskTheSourceNorReadCredentialsAgain() {
    AtomicInteger listings = new AtomicInteger();
    AtomicInteger credentialReads = new AtomicInteger();
    var def = fixtureWithToken("fx", "normal", List.of(), Map.of());
    UserServerSource source =
        user -> {
          listings.incrementAndGet();
          return List.of(
              UserServer.deferred(
                  def,
                  () -> {
                    credentialReads.incrementAndGet();
                    return Map.of("FIXTURE_TOKEN", "tok-1");
                  }));
        };
    pool = new SessionPool(config(root), source, botEnvFn());

    McpTool echo = pool.catalog(U).find("fx__echo").orElseThrow();
    for (int i = 0; i < 3; i++) {
      assertThat(pool.call(U, echo, Map.of("text", "m" + i)).asText()).isEqualTo("m" + i);
    }
    assertThat(listings).hasValue(1);
    assertThat(credentialReads).hasValue(1); // the start, nothing per call

    pool.catalog(U); // the next turn lists again, on the running session: no decryption
    assertThat(listings).hasValue(2);
    assertThat(credentialReads).hasValue(1);

    pool.invalidate(U, "fx"); // credentials changed: the next start reads them afresh
    assertThat(pool.call(U, echo, Map.of("text", "again")).asText()).isEqualTo("again");
    assertThat(credentialReads).hasValue(2);
  }

  @Test
  void anUnreadableCredentialIsTheServersProblemAndStartsNothing() {
    var def = fixtureWithToken("fx", "normal", List.of(), Map.of());
    UserServerSource source =
        user ->
            List.of(
                UserServer.deferred(
                    def,
                    () -> {
                      throw new McpException("credential 'token' cannot be decrypted");
                    }));
    pool = new SessionPool(config(root), source, botEnvFn());

    assertThat(pool.catalog(U).problems())
        .containsExactly(new ServerProblem("fx", "credential 'token' cannot be decrypted"));
    assertThat(pool.status(U, "fx")).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(pool.stats().perUser()).doesNotContainKey(U);
  }

  @Test
  void aToolMadeOutsideThePoolIsAnErrorNotACrash() {
    pool = new SessionPool(config(root), new Source(), botEnvFn());
    McpTool loose =
        new McpTool(
            "fx__echo", "fx", "echo", "", com.fasterxml.jackson.databind.node.NullNode.instance);
    ToolOutcome out = pool.call(U, loose, Map.of());
    assertThat(out.isError()).isTrue();
    assertThat(out.asText()).contains("not in your tool list");
  }
}
