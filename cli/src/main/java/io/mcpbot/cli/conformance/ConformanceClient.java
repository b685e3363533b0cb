package io.mcpbot.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpbot.cli.Context;
import io.mcpbot.core.McpbotException;
import io.mcpbot.core.admin.ServerSync;
import io.mcpbot.core.catalog.ServerDirectory;
import io.mcpbot.core.catalog.StoreServerSource;
import io.mcpbot.core.config.Need;
import io.mcpbot.core.config.ServersConfig;
import io.mcpbot.core.config.Settings;
import io.mcpbot.core.crypto.KeyRing;
import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.PoolConfig;
import io.mcpbot.core.mcp.ServerProblem;
import io.mcpbot.core.mcp.SessionPool;
import io.mcpbot.core.mcp.ToolCatalog;
import io.mcpbot.core.mcp.ToolOutcome;
import io.mcpbot.core.mcp.sandbox.Sandbox;
import io.mcpbot.core.users.UserServers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The client the official MCP conformance suite drives ({@code testing/mcp-conformance-client
 * <server-url>}): the bot's own production path for one user ({@value #USER}) and one remote server
 * ({@value #SERVER}) at the given URL, on an in-memory H2 database: the server is declared in a
 * servers_config.json document and synced, the user enables it, the {@link SessionPool} reads it
 * through {@link StoreServerSource}, and OAuth grants are stored Fernet-encrypted by {@link
 * ConformanceAuth}. Elicitations are accepted with the schema's defaults. It lists the tools and
 * calls each one with arguments made from its schema; exit code 0 when everything worked. Reads
 * {@code MCP_CONFORMANCE_SCENARIO} and {@code MCP_CONFORMANCE_CONTEXT} as the suite sets them; a
 * client the context pre-registers becomes the server's {@code oauth} client, its secret the bot
 * variable {@value #SECRET_VARIABLE}. Not thread-safe; one run per process.
 */
public final class ConformanceClient {
  static final String USER = "UCONFORMANCE";
  static final String SERVER = "conformance";

  /** The bot variable that holds a pre-registered client's secret from the scenario's context. */
  static final String SECRET_VARIABLE = "MCP_CONFORMANCE_CLIENT_SECRET";

  private static final ObjectMapper JSON = new ObjectMapper();

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
      context = JSON.readTree(env.getOrDefault("MCP_CONFORMANCE_CONTEXT", "{}"));
    } catch (IOException e) {
      err.println("MCP_CONFORMANCE_CONTEXT is not JSON: " + e.getMessage());
      return 2;
    }
    String secret = context.path("client_secret").asText(null);
    Function<String, String> botEnv = name -> name.equals(SECRET_VARIABLE) ? secret : null;
    Settings settings =
        Settings.load(
            Map.of(
                "DATABASE_URL",
                "jdbc:h2:mem:conformance;DB_CLOSE_DELAY=-1",
                "ENCRYPTION_KEY",
                KeyRing.generateKey()),
            null);
    try (Context db = Context.open(settings, Context.Migrate.YES, Need.ENCRYPTION)) {
      ServerSync.sync(
          db.store(), ServersConfig.parse(serversConfig(url, context), "scenario"), false);
      ServerDirectory directory = new ServerDirectory(db.store());
      PoolConfig config =
          PoolConfig.builder(root)
              .timeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20))
              .sandbox(Sandbox.off())
              .authorizer(ConformanceAuth.authorizer(db.store(), db.keyRing(), botEnv))
              .elicitor(new DefaultsElicitor())
              .build();
      try (SessionPool pool =
          new SessionPool(
              config, new StoreServerSource(db.store(), db.keyRing(), directory), botEnv)) {
        new UserServers(db.store(), db.keyRing(), pool, directory).enable(USER, SERVER, false);
        return callEveryTool(pool, scenario, out, err);
      }
    } catch (McpbotException e) { // AuthorizationRequiredException included
      err.println("scenario " + scenario + ": " + e.getMessage());
      return 1;
    }
  }

  private static int callEveryTool(
      SessionPool pool, String scenario, PrintStream out, PrintStream err) {
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
      ToolOutcome o = pool.call(USER, tool, arguments(tool.inputSchema()), new DefaultsElicitor());
      out.println("  " + tool.tool() + (o.isError() ? " failed: " : ": ") + o.asText());
      failed += o.isError() ? 1 : 0;
    }
    return failed == 0 ? 0 : 1;
  }

  /**
   * The servers_config.json an operator would write for the scenario's server: its URL, probed for
   * the transport, and the client the scenario's context pre-registers ({@code client_id}, {@code
   * client_secret}) as {@code oauth}, the secret named by a bot variable.
   */
  static String serversConfig(String url, JsonNode context) {
    ObjectNode doc = JSON.createObjectNode();
    ObjectNode server = doc.putObject("mcpServers").putObject(SERVER);
    server.put("url", url);
    String id = context.path("client_id").asText(null);
    if (id != null) {
      ObjectNode oauth = server.putObject("oauth").put("client_id", id);
      if (context.hasNonNull("client_secret")) {
        oauth.put("client_secret_env", SECRET_VARIABLE);
      }
    }
    return doc.toString();
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
