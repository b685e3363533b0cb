package io.mcpbot.core.agent;

import io.mcpbot.core.mcp.McpTool;
import io.mcpbot.core.mcp.ServerProblem;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the system prompt template. Placeholders: {@code {user_name}} (display name, else real
 * name, else Slack ID), {@code {slack_user_id}}, {@code {date}} (ISO, UTC), {@code {tools}} (one
 * line per tool) and {@code {unavailable}} (the enabled servers that cannot run and why, or
 * nothing). Stateless; thread-safe.
 */
public final class SystemPrompt {
  /** The built-in template. */
  public static final String DEFAULT_TEMPLATE =
      """
      You are a helpful assistant in Slack, talking with {user_name} (Slack user {slack_user_id}).
      Today is {date}.
      The tools below run on {user_name}'s own MCP servers with their own credentials and data.
      Use them when they help answer; never invent tool results.
      Tools:
      {tools}
      {unavailable}
      Answer concisely in Slack markdown.""";

  private static final int MAX_DESCRIPTION = 200;

  private SystemPrompt() {}

  /** The template with every placeholder replaced. */
  static String render(
      String template,
      String userName,
      String slackUserId,
      LocalDate date,
      List<McpTool> tools,
      List<ServerProblem> unavailable) {
    return template
        .replace("{user_name}", userName)
        .replace("{slack_user_id}", slackUserId)
        .replace("{date}", date.toString())
        .replace("{tools}", tools(tools))
        .replace("{unavailable}", unavailable(unavailable));
  }

  private static String tools(List<McpTool> tools) {
    if (tools.isEmpty()) {
      return "(none: the user has no working server enabled; they can enable servers in the"
          + " bot's App Home)";
    }
    return tools.stream()
        .map(t -> "- " + t.qualifiedName() + ": " + shorten(t.description()))
        .collect(Collectors.joining("\n"));
  }

  private static String unavailable(List<ServerProblem> problems) {
    if (problems.isEmpty()) {
      return "";
    }
    return "These servers are enabled but unavailable right now (their tools are missing); if the"
        + " user asks for them, say so and why:\n"
        + problems.stream()
            .map(p -> "- " + p.server() + ": " + p.reason())
            .collect(Collectors.joining("\n"));
  }

  private static String shorten(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= MAX_DESCRIPTION ? one : one.substring(0, MAX_DESCRIPTION - 1) + "…";
  }
}
