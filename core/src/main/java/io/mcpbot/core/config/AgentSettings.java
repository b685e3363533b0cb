package io.mcpbot.core.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The agent capability: AGENT_STEP_LIMIT and the system prompt template read from
 * AGENT_SYSTEM_PROMPT_FILE; empty values mean the agent's defaults. Immutable.
 *
 * @param stepLimit AGENT_STEP_LIMIT (>= 1) if set
 * @param systemPrompt the contents of AGENT_SYSTEM_PROMPT_FILE if set
 * @param approvalTimeoutSeconds APPROVAL_TIMEOUT (seconds, >= 1) if set
 */
public record AgentSettings(
    OptionalInt stepLimit, Optional<String> systemPrompt, OptionalInt approvalTimeoutSeconds) {
  public AgentSettings {
    Objects.requireNonNull(stepLimit, "stepLimit");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Objects.requireNonNull(approvalTimeoutSeconds, "approvalTimeoutSeconds");
  }

  /** Without APPROVAL_TIMEOUT. */
  public AgentSettings(OptionalInt stepLimit, Optional<String> systemPrompt) {
    this(stepLimit, systemPrompt, OptionalInt.empty());
  }
}
