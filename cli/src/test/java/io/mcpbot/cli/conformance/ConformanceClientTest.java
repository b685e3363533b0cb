package io.mcpbot.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.config.OAuthClient;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.mcp.ElicitationAnswer;
import io.mcpbot.core.mcp.ElicitationRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conformance client's pieces that need no suite: arguments, defaults, context, usage. */
class ConformanceClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void argumentsCoverTheRequiredPropertiesByType() throws Exception {
    var schema =
        JSON.readTree(
            """
            {"type": "object", "required": ["a", "s", "f"],
             "properties": {"a": {"type": "number"}, "s": {"type": "string"},
                            "f": {"type": "boolean"}, "optional": {"type": "string"}}}
            """);
    assertThat(ConformanceClient.arguments(schema))
        .isEqualTo(Map.of("a", 1, "s", "test", "f", true));
    assertThat(ConformanceClient.arguments(JSON.readTree("{\"type\": \"object\"}"))).isEmpty();
  }

  @Test
  void elicitationsAreAcceptedWithTheSchemasDefaults() {
    var request =
        new ElicitationRequest(
            "s",
            ElicitationRequest.Mode.FORM,
            "?",
            Map.of(
                "type",
                "object",
                "properties",
                Map.of(
                    "name", Map.of("type", "string", "default", "John Doe"),
                    "age", Map.of("type", "integer", "default", 30),
                    "bare", Map.of("type", "string"))),
            null,
            null);
    assertThat(new DefaultsElicitor().elicit(request))
        .isEqualTo(ElicitationAnswer.accept(Map.of("name", "John Doe", "age", 30)));
  }

  @Test
  void aPreRegisteredClientComesFromTheContextWithItsSecretInABotVariable() throws Exception {
    RemoteServer withSecret =
        server(
            ConformanceClient.serversConfig(
                "http://localhost:1/mcp?x=1",
                JSON.readTree(
                    "{\"name\": \"x\", \"client_id\": \"id\", \"client_secret\": \"s\"}")));
    assertThat(withSecret.url()).isEqualTo("http://localhost:1/mcp?x=1");
    assertThat(withSecret.oauth())
        .isEqualTo(new OAuthClient("id", ConformanceClient.SECRET_VARIABLE, List.of()));
    assertThat(
            server(
                    ConformanceClient.serversConfig(
                        "http://h/mcp", JSON.readTree("{\"client_id\": \"pub\"}")))
                .oauth())
        .isEqualTo(new OAuthClient("pub", null, List.of()));
    assertThat(
            server(
                    ConformanceClient.serversConfig(
                        "http://h/mcp", JSON.readTree("{\"name\": \"x\"}")))
                .oauth())
        .isNull();
  }

  private static RemoteServer server(String serversConfig) {
    return (RemoteServer)
        ServersConfig.parse(serversConfig, "test").servers().get(ConformanceClient.SERVER);
  }

  @Test
  void withoutAUrlItPrintsUsage() {
    var err = new ByteArrayOutputStream();
    int code =
        ConformanceClient.run(
            new String[0],
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: mcp-conformance-client");
  }
}
