package io.mcpbot.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.core.config.ApprovalPolicy;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tool of one of a user's servers, named for an LLM: {@code qualifiedName} is unique in the
 * user's catalog and matches {@code ^[a-zA-Z0-9_-]{1,64}$}. A tool from {@link SessionPool#catalog}
 * also knows which user's server it runs on, so {@link SessionPool#call} routes it without looking
 * anything up again. Immutable and thread-safe; {@code inputSchema} is never null (an empty object
 * schema when the server gave none) and must not be mutated; {@code hints} is null when the server
 * sent no annotations.
 */
public final class McpTool {
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

  private final String qualifiedName;
  private final String server;
  private final String tool;
  private final String description;
  private final JsonNode inputSchema;
  private final ToolHints hints;
  // where a call goes; both null for a tool made outside the pool (it cannot be called)
  private final String userId;
  private final UserServer origin;

  /** The name the model calls, unique in the user's catalog. */
  public String qualifiedName() {
    return qualifiedName;
  }

  /** The server's name in servers_config.json. */
  public String server() {
    return server;
  }

  /** The tool's own name on its server. */
  public String tool() {
    return tool;
  }

  /** The server's description of the tool, possibly empty. */
  public String description() {
    return description;
  }

  /** The JSON schema of the arguments. */
  public JsonNode inputSchema() {
    return inputSchema;
  }

  /** The hints of the tool's annotations, or null when it has none. */
  public ToolHints hints() {
    return hints;
  }

  /** The approval policy of the tool's server; the default for a tool made outside the pool. */
  public ApprovalPolicy approval() {
    return origin == null ? ApprovalPolicy.DEFAULT : origin.definition().options().approval();
  }

  /**
   * A tool not bound to any user's session (prompts, tests); {@link SessionPool#call} refuses it.
   */
  public McpTool(
      String qualifiedName, String server, String tool, String description, JsonNode inputSchema) {
    this(qualifiedName, server, tool, description, inputSchema, null, null, null);
  }

  /** As above with the tool's annotation hints (null: none). */
  public McpTool(
      String qualifiedName,
      String server,
      String tool,
      String description,
      JsonNode inputSchema,
      ToolHints hints) {
    this(qualifiedName, server, tool, description, inputSchema, hints, null, null);
  }

  McpTool(
      String qualifiedName,
      String server,
      String tool,
      String description,
      JsonNode inputSchema,
      ToolHints hints,
      String userId,
      UserServer origin) {
    if (qualifiedName == null || !NAME.matcher(qualifiedName).matches()) {
      throw new IllegalArgumentException("tool name must match " + NAME + ": " + qualifiedName);
    }
    this.qualifiedName = qualifiedName;
    this.server = Objects.requireNonNull(server, "server");
    this.tool = Objects.requireNonNull(tool, "tool");
    this.description = description == null ? "" : description;
    this.inputSchema = Objects.requireNonNull(inputSchema, "inputSchema");
    this.hints = hints;
    this.userId = userId;
    this.origin = origin;
  }

  /** True when this tool was listed for {@code slackUserId}'s own session. */
  boolean belongsTo(String slackUserId) {
    return origin != null && userId.equals(slackUserId);
  }

  UserServer origin() {
    return origin;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof McpTool t
        && qualifiedName.equals(t.qualifiedName)
        && server.equals(t.server)
        && tool.equals(t.tool)
        && description.equals(t.description)
        && inputSchema.equals(t.inputSchema)
        && Objects.equals(hints, t.hints)
        && Objects.equals(userId, t.userId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(qualifiedName, server, tool, userId);
  }

  @Override
  public String toString() {
    return "McpTool[" + qualifiedName + " = " + server + "." + tool + "]";
  }
}
