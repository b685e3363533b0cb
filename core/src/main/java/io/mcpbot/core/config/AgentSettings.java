package io.mcpbot.core.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The agent capability: AGENT_STEP_LIMIT, the system prompt template read from
 * AGENT_SYSTEM_PROMPT_FILE and how long the user's answers are awaited; empty values mean the
 * defaults. Immutable.
 *
 * @param stepLimit AGENT_STEP_LIMIT (>= 1) if set
 * @param systemPrompt the contents of AGENT_SYSTEM_PROMPT_FILE if set
 * @param approvalTimeoutSeconds APPROVAL_TIMEOUT (seconds, >= 1) if set
 * @param elicitationTimeoutSeconds ELICITATION_TIMEOUT (seconds, >= 1) if set: how long a server's
 *     question (MCP elicitation) waits for the user's answer
 */
public record AgentSettings(
    OptionalInt stepLimit,
    Optional<String> systemPrompt,
    OptionalInt approvalTimeoutSeconds,
    OptionalInt elicitationTimeoutSeconds) {
  public AgentSettings {
    Objects.requireNonNull(stepLimit, "stepLimit");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Objects.requireNonNull(approvalTimeoutSeconds, "approvalTimeoutSeconds");
    Objects.requireNonNull(elicitationTimeoutSeconds, "elicitationTimeoutSeconds");
  }

  /** Without APPROVAL_TIMEOUT and ELICITATION_TIMEOUT. */
  public AgentSettings(OptionalInt stepLimit, Optional<String> systemPrompt) {
    this(stepLimit, systemPrompt, OptionalInt.empty(), OptionalInt.empty());
  }
}
