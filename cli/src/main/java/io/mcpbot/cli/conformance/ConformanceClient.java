package io.mcpbot.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpbot.core.config.OAuthClient;
import io.mcpbot.core.config.RemoteServer;
import io.mcpbot.core.config.RemoteTransport;
import io.mcpbot.core.config.ServerOptions;
import io.mcpbot.core.mcp.McpException;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.ServerProblem;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.mcp.ToolOutcome;
import io.mcpbot.core.mcp.UserServer;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client the official MCP conformance suite drives ({@code testing/mcp-conformance-client
 * <server-url>}): the production {@link SessionPool} with one remote server at the given URL, user
 * {@value #USER}, the OAuth authorizer of {@link ConformanceAuth} and an elicitor that accepts with
 * the schema's defaults. It lists the tools and calls each one with arguments made from its schema;
 * exit code 0 when everything worked. Reads {@code MCP_CONFORMANCE_SCENARIO} and {@code
 * MCP_CONFORMANCE_CONTEXT} as the suite sets them; a client the context pre-registers becomes the
 * server's {@code oauth} client, its secret the bot variable {@value #SECRET_VARIABLE}. Not
 * thread-safe; one run per process.
 */
public final class ConformanceClient {
  static final String USER = "UCONFORMANCE";
  static final String SERVER = "conformance";

  /** The bot variable that holds a pre-registered client's secret from the scenario's context. */
  static final String SECRET_VARIABLE = "MCP_CONFORMANCE_CLIENT_SECRET";

  private ConformanceClient() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length < 1) {
      err.println("usage: mcp-conformance-client <server-url>");
      return 2;
    }
    String url = args[args.length - 1];
    String scenario = env.getOrDefault("MCP_CONFORMANCE_SCENARIO", "");
    Path root;
    try {
      root = Files.createTempDirectory("mcpbot-conformance");
    } catch (IOException e) {
      err.println("cannot create a data directory: " + e.getMessage());
      return 1;
    }
    JsonNode context;
    try {
      context = new ObjectMapper().readTree(env.getOrDefault("MCP_CONFORMANCE_CONTEXT", "{}"));
    } catch (IOException e) {
      err.println("MCP_CONFORMANCE_CONTEXT is not JSON: " + e.getMessage());
      return 2;
    }
    String secret = context.path("client_secret").asText(null);
    RemoteServer server =
        new RemoteServer(
            SERVER,
            url,
            Map.of(),
            RemoteTransport.AUTO,
            preRegistered(context),
            ServerOptions.NONE);
    PoolConfig config =
        PoolConfig.builder(root)
            .timeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20))
            .sandbox(Sandbox.off())
            .authorizer(ConformanceAuth.authorizer())
            .elicitor(new DefaultsElicitor())
            .build();
    try (SessionPool pool =
        new SessionPool(
            config,
            user -> List.of(new UserServer(server, Map.of())),
            name -> name.equals(SECRET_VARIABLE) ? secret : null)) {
      ToolCatalog catalog = pool.catalog(USER);
      for (ServerProblem p : catalog.problems()) {
        err.println("scenario " + scenario + ": " + p.reason());
      }
      if (!catalog.problems().isEmpty()) {
        return 1;
      }
      out.println("scenario " + scenario + ": " + catalog.tools().size() + " tool(s)");
      int failed = 0;
      for (McpTool tool : catalog.tools()) {
        ToolOutcome o =
            pool.call(USER, tool, arguments(tool.inputSchema()), new DefaultsElicitor());
        out.println("  " + tool.tool() + (o.isError() ? " failed: " : ": ") + o.asText());
        failed += o.isError() ? 1 : 0;
      }
      return failed == 0 ? 0 : 1;
    } catch (McpException e) { // AuthorizationRequiredException included
      err.println("scenario " + scenario + ": " + e.getMessage());
      return 1;
    }
  }

  /**
   * The client a scenario pre-registered ({@code client_id}, {@code client_secret} in its context)
   * as servers_config.json would name it: the secret through a bot variable; null when none.
   */
  static OAuthClient preRegistered(JsonNode context) {
    String id = context.path("client_id").asText(null);
    if (id == null) {
      return null;
    }
    boolean secret = context.hasNonNull("client_secret");
    return new OAuthClient(id, secret ? SECRET_VARIABLE : null, List.of());
  }

  /** Arguments for a tool: each required property with a plain value of its type. */
  static Map<String, Object> arguments(JsonNode schema) {
    Map<String, Object> args = new LinkedHashMap<>();
    JsonNode props = schema == null ? null : schema.get("properties");
    JsonNode required = schema == null ? null : schema.get("required");
    if (props == null || required == null) {
      return args;
    }
    for (JsonNode r : required) {
      JsonNode p = props.get(r.asText());
      String type = p == null || p.get("type") == null ? "string" : p.get("type").asText();
      args.put(
          r.asText(),
          switch (type) {
            case "number", "integer" -> 1;
            case "boolean" -> true;
            case "array" -> List.of();
            case "object" -> Map.of();
            default -> "test";
          });
    }
    return args;
  }
}
