package io.mcpbot.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The remote MCP server of the tests (resource remote-mcp-server.js on the TypeScript SDK): one
 * node process on an ephemeral port, streamable HTTP or legacy HTTP+SSE at a given path, optional
 * bearer tokens. Its "seen" tool lists every HTTP request it got. Not thread-safe.
 */
final class RemoteFixture implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;

  private RemoteFixture(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server ({@code mode} "streamable" or "sse") at {@code path}; tokens optional. */
  static RemoteFixture start(String mode, String path, String... tokens) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "node",
                Fixtures.resource("remote-mcp-server.js").toString(),
                "--mode",
                mode,
                "--path",
                path));
    if (tokens.length > 0) {
      cmd.addAll(List.of("--tokens", String.join(",", tokens)));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("TESTING_DIR", Fixtures.projectRoot().resolve("testing").toString());
    Process p = pb.start();
    CompletableFuture<String> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
            });
    String line;
    try {
      line = first.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
    if (line == null || !line.startsWith("PORT ")) {
      p.destroyForcibly();
      throw new IllegalStateException("remote fixture did not start: " + line);
    }
    return new RemoteFixture(p, Integer.parseInt(line.substring(5).strip()));
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The requests the server saw, parsed from the "seen" tool's answer. */
  static JsonNode seen(ToolOutcome o) throws Exception {
    return JSON.readTree(o.asText());
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
