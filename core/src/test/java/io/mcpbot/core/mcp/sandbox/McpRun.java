package io.mcpbot.core.mcp.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.mcp.internal.ResolvedServer;
import io.mcpbot.core.mcp.internal.StdioTransport;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One server driven the way the pool drives it: our StdioTransport under the SDK's client. */
final class McpRun implements AutoCloseable {
  final StdioTransport transport;
  final McpSyncClient client;

  private McpRun(StdioTransport transport, McpSyncClient client) {
    this.transport = transport;
    this.client = client;
  }

  /** Spawns (through {@code launcher} unless null), initializes and lists tools. */
  static McpRun start(
      String command,
      List<String> args,
      Map<String, String> env,
      Path userDir,
      UnaryOperator<List<String>> launcher) {
    var server =
        new ResolvedServer("srv", "UTEST", command, args, env, null, Map.of(), userDir, List.of());
    var mapper = new JacksonMcpJsonMapper(new ObjectMapper());
    var t = new StdioTransport(server, mapper, 1 << 22, Duration.ofSeconds(2), launcher);
    var c =
        McpClient.sync(t)
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(90))
            .build();
    var run = new McpRun(t, c);
    try {
      c.initialize();
      return run;
    } catch (RuntimeException e) {
      run.close();
      throw new IllegalStateException(e.getMessage() + "; stderr: " + t.stderrTail(), e);
    }
  }

  List<String> toolNames() {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  /** Calls a tool and returns its text; fails the test on a tool error. */
  String call(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
    String text =
        r.content().stream()
            .filter(McpSchema.TextContent.class::isInstance)
            .map(c -> ((McpSchema.TextContent) c).text())
            .reduce("", String::concat);
    if (Boolean.TRUE.equals(r.isError())) {
      throw new AssertionError(tool + " failed: " + text);
    }
    return text;
  }

  @Override
  public void close() {
    client.closeGracefully();
    transport.close();
  }

  static Map<String, String> env() {
    return Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8");
  }
}
