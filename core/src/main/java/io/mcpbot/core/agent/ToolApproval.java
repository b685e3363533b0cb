package io.mcpbot.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpbot.core.Require;
import java.time.Duration;

/**
 * A tool call waiting for the user's approval, as a front end shows it. Immutable and thread-safe;
 * no field is null. The arguments are a copy safe to show: the user's credential values and
 * anything that looks like a token are masked, long values are cut.
 *
 * @param id unique per request, so a decision delivered twice decides once
 * @param slackUserId who asked, the only person who may decide
 * @param server the server's name in servers_config.json
 * @param tool the tool's own name on its server
 * @param description the server's description of the tool, possibly empty
 * @param arguments the arguments the model chose, masked and cut
 * @param destructive whether the tool's annotations say (or default to) destructive
 * @param timeout how long the front end waits before answering {@link ApprovalDecision#NO_ANSWER}
 */
public record ToolApproval(
    String id,
    String slackUserId,
    String server,
    String tool,
    String description,
    JsonNode arguments,
    boolean destructive,
    Duration timeout) {
  public ToolApproval {
    Require.nonNull(
        "id, slackUserId, server, tool, arguments, timeout",
        id,
        slackUserId,
        server,
        tool,
        arguments,
        timeout);
    description = description == null ? "" : description;
  }
}
