package io.mcpbot.core.mcp;

import java.util.List;
import java.util.Optional;

/**
 * A user's tools across their running servers plus the servers that could not run and why.
 * Immutable and thread-safe.
 */
public record ToolCatalog(List<McpTool> tools, List<ServerProblem> problems) {
  public ToolCatalog {
    tools = List.copyOf(tools);
    problems = List.copyOf(problems);
  }

  /** The tool with this qualified name, if present. */
  public Optional<McpTool> find(String qualifiedName) {
    return tools.stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst();
  }
}
