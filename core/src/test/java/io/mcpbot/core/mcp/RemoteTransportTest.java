package io.mcpbot.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.RemoteTransport;
import io.mcpbot.core.config.ServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Remote servers against real ones (the TypeScript SDK's transports): the configured URL is used
 * exactly, streamable HTTP and the legacy HTTP+SSE transport, probing and its memory, and the error
 * when streamable HTTP is forced on an SSE-only server.
 */
class RemoteTransportTest extends RemoteCase {
  static final String A = "UREMOTEA";

  private static RemoteServer remote(String url, RemoteTransport transport) {
    return new RemoteServer("r", url, Map.of(), transport, null, ServerOptions.NONE);
  }

  private JsonNode seen() throws Exception {
    ToolOutcome o = Fixtures.call(pool, A, "r__seen", Map.of());
    assertThat(o.isError()).as(o.asText()).isFalse();
    return RemoteFixture.seen(o);
  }

  private static List<String> urls(JsonNode seen, String method) {
    List<String> out = new ArrayList<>();
    seen.forEach(
        r -> {
          if (r.get("method").asText().equals(method)) {
            out.add(r.get("url").asText());
          }
        });
    return out;
  }

  @Test
  void aPathAndQueryCarryingUrlIsUsedExactly() throws Exception {
    fixture = RemoteFixture.start("streamable", "/v1/mcp");
    var def = remote(fixture.base() + "/v1/mcp?x=1", RemoteTransport.AUTO);
    pool(A, def, RemoteAuthorizer.NONE);
    JsonNode seen = seen();
    assertThat(urls(seen, "POST")).isNotEmpty().allMatch(u -> u.equals("/v1/mcp?x=1"));
  }

  @Test
  void theUserIdInThePathIsResolved() throws Exception {
    fixture = RemoteFixture.start("streamable", "/u/" + A + "/mcp");
    var def = remote(fixture.base() + "/u/${user_id}/mcp", RemoteTransport.STREAMABLE_HTTP);
    pool(A, def, RemoteAuthorizer.NONE);
    assertThat(urls(seen(), "POST")).isNotEmpty().allMatch(u -> u.equals("/u/" + A + "/mcp"));
  }

  @Test
  void anSseOnlyServerIsFoundByProbingAndTheProbeIsRemembered() throws Exception {
    fixture = RemoteFixture.start("sse", "/sse");
    var def = remote(fixture.base() + "/sse?k=v", RemoteTransport.AUTO);
    pool(A, def, RemoteAuthorizer.NONE);
    JsonNode first = seen();
    // the probe: one POST to the URL refused, then the legacy GET stream at the same URL
    assertThat(urls(first, "POST")).contains("/sse?k=v");
    assertThat(urls(first, "GET")).containsExactly("/sse?k=v");
    pool.invalidate(A, "r");
    JsonNode second = seen();
    assertThat(urls(second, "POST").stream().filter(u -> u.equals("/sse?k=v")))
        .as("a later session does not probe again")
        .hasSize(1);
    assertThat(urls(second, "GET")).containsExactly("/sse?k=v", "/sse?k=v");
  }

  @Test
  void anSseOnlyServerWithTransportSseIsNeverProbed() throws Exception {
    fixture = RemoteFixture.start("sse", "/sse");
    var def = remote(fixture.base() + "/sse", RemoteTransport.SSE);
    pool(A, def, RemoteAuthorizer.NONE);
    JsonNode seen = seen();
    assertThat(urls(seen, "POST")).allMatch(u -> u.startsWith("/sse/messages?sessionId="));
    assertThat(urls(seen, "GET")).containsExactly("/sse");
  }

  @Test
  void forcedStreamableHttpAgainstAnSseOnlyServerSaysWhatToChange() throws Exception {
    fixture = RemoteFixture.start("sse", "/sse");
    var def = remote(fixture.base() + "/sse", RemoteTransport.STREAMABLE_HTTP);
    pool(A, def, RemoteAuthorizer.NONE);
    ToolCatalog cat = pool.catalog(A);
    assertThat(cat.tools()).isEmpty();
    assertThat(cat.problems())
        .singleElement()
        .extracting(ServerProblem::reason)
        .asString()
        .contains("server 'r' answered HTTP 404 to POST initialize")
        .contains("does not speak streamable HTTP at this URL")
        .contains("set \"transport\": \"sse\"");
  }

  @Test
  void aServerSpeakingNeitherTransportIsReportedOnce() throws Exception {
    fixture = RemoteFixture.start("streamable", "/elsewhere");
    var def = remote(fixture.base() + "/nothing-here", RemoteTransport.AUTO);
    pool(A, def, RemoteAuthorizer.NONE);
    assertThat(pool.catalog(A).problems())
        .singleElement()
        .extracting(ServerProblem::reason)
        .asString()
        .contains("server 'r' speaks neither streamable HTTP")
        .contains("nor HTTP+SSE");
  }
}
