package io.mcpbot.core.mcp;

import static io.mcpbot.core.mcp.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.mcp.sandbox.SandboxLimits;
import io.mcpbot.core.mcp.sandbox.SandboxMode;
import io.mcpbot.core.mcp.sandbox.SandboxPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the pool starts servers in its sandbox: sandboxed by default, the auto fallback when
 * bubblewrap is missing, a server requiring the sandbox refused without one, and a sandbox that
 * cannot start reported with its reason.
 */
class SandboxWiringTest {
  static final String U = "UWIRE1";
  @TempDir Path root;
  SessionPool pool;

  @AfterEach
  void close() {
    if (pool != null) {
      pool.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> descendants() == 0);
  }

  private SessionPool pool(PoolConfig config, UserServer... servers) {
    pool = new SessionPool(config, new Source().put(U, servers), botEnvFn());
    return pool;
  }

  private String command(String server) {
    long pid = ((ServerStatus.Running) pool.status(U, server)).pid();
    return ProcessHandle.of(pid).orElseThrow().info().command().orElse("");
  }

  @Test
  void aPoolSandboxesByDefault() {
    pool(config(root), us(tinyNode("tiny")));
    assertThat(Fixtures.call(pool, U, "tiny__echo", Map.of("text", "boxed")).asText())
        .isEqualTo("boxed");
    assertThat(config(root).sandbox().active()).isTrue();
    assertThat(command("tiny")).endsWith("/bwrap");
  }

  /** Detection pointed at a missing bubblewrap: the pool runs servers as they are, and says so. */
  @Test
  void autoFallsBackToUnsandboxedServersWithAWarning() {
    Sandbox fallback = Sandbox.detect(SandboxMode.AUTO, root.resolve("no-bwrap"));
    assertThat(fallback.status().readyLine()).contains("OFF", "WARNING", "apt-get install");
    pool(config(root).toBuilder().sandbox(fallback).build(), us(tinyNode("tiny")));
    assertThat(Fixtures.call(pool, U, "tiny__echo", Map.of("text", "bare")).asText())
        .isEqualTo("bare");
    assertThat(command("tiny")).endsWith("/node");
  }

  @Test
  void aServerRequiringTheSandboxIsUnavailableWithoutOne() {
    var required = tinyNode("req").withSandbox(SandboxPolicy.DEFAULT, true);
    pool(config(root).toBuilder().sandbox(Sandbox.off()).build(), us(required));

    ToolCatalog cat = pool.catalog(U);

    assertThat(cat.tools()).isEmpty();
    assertThat(cat.problems().getFirst().reason())
        .isEqualTo(
            "server 'req' runs only inside the sandbox (sandbox.required in servers_config.json)"
                + " and no sandbox is active on this bot (MCP_SANDBOX=off); ask the operator to"
                + " install bubblewrap and set MCP_SANDBOX=auto or bwrap");
    assertThat(pool.status(U, "req")).isInstanceOf(ServerStatus.NotStarted.class);
    assertThat(servers()).isZero();
  }

  @Test
  void aServerRequiringTheSandboxRunsInIt() {
    var required = tinyNode("req").withSandbox(SandboxPolicy.DEFAULT, true);
    pool(config(root), us(required));
    assertThat(Fixtures.call(pool, U, "req__echo", Map.of("text", "ok")).asText()).isEqualTo("ok");
    assertThat(command("req")).endsWith("/bwrap");
  }

  @Test
  void aSandboxThatCannotStartIsAClearError() {
    var policy =
        new SandboxPolicy(true, List.of("/no/such/dir"), List.of(), SandboxLimits.DEFAULTS);
    pool(config(root), us(tinyNode("bad").withSandbox(policy, false)));

    ToolCatalog cat = pool.catalog(U);

    assertThat(cat.problems().getFirst().reason())
        .contains("server 'bad'", "/no/such/dir", "sandbox.read_only");
    assertThat(servers()).isZero();
  }
}
