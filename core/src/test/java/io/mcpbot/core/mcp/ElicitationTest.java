package io.mcpbot.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.RemoteTransport;
import io.mcpbot.core.config.ServerOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A server's elicitation during a call reaches the call's {@link Elicitor} and the answer goes back
 * to the server; without one the pool's default (cancel) answers. Real server (TypeScript SDK).
 */
class ElicitationTest extends RemoteCase {
  static final String A = "UELICITA";

  @Test
  void theCallsElicitorAnswersAndTheDefaultCancels() throws Exception {
    fixture = RemoteFixture.start("streamable", "/mcp");
    var def =
        new RemoteServer(
            "r",
            fixture.base() + "/mcp",
            Map.of(),
            RemoteTransport.STREAMABLE_HTTP,
            null,
            ServerOptions.NONE);
    pool(A, def, RemoteAuthorizer.NONE);
    McpTool ask = pool.catalog(A).find("r__ask").orElseThrow();
    List<ElicitationRequest> asked = new CopyOnWriteArrayList<>();
    ToolOutcome accepted =
        pool.call(
            A,
            ask,
            Map.of(),
            r -> {
              asked.add(r);
              return ElicitationAnswer.accept(Map.of("name", "Ada"));
            });
    assertThat(accepted.asText()).contains("\"action\":\"accept\"").contains("\"name\":\"Ada\"");
    assertThat(asked)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.server()).isEqualTo("r");
              assertThat(r.mode()).isEqualTo(ElicitationRequest.Mode.FORM);
              assertThat(r.message()).isEqualTo("What is your name?");
              assertThat(r.requestedSchema()).containsKey("properties");
              assertThat(r.url()).isNull();
            });
    assertThat(pool.call(A, ask, Map.of(), r -> ElicitationAnswer.decline()).asText())
        .contains("\"action\":\"decline\"");
    assertThat(pool.call(A, ask, Map.<String, Object>of()).asText())
        .contains("\"action\":\"cancel\"");
    assertThat(
            pool.call(
                    A,
                    ask,
                    Map.of(),
                    r -> {
                      throw new IllegalStateException("the user left");
                    })
                .asText())
        .contains("\"action\":\"cancel\"");
  }
}
