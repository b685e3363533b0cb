package io.mcpbot.core.agent;

/** What the user decided about a {@link ToolApproval}. */
public enum ApprovalDecision {
  /** Run this call. */
  APPROVE,
  /** Run this call and, until the tool's definition changes, every later call of this tool. */
  ALWAYS_ALLOW,
  /** Do not run it. */
  DENY,
  /** The user did not decide in time: counts as deny. */
  NO_ANSWER,
  /** The front end cannot ask anyone (the default): counts as deny. */
  CANNOT_ASK;

  /** Whether the tool may run. */
  public boolean allows() {
    return this == APPROVE || this == ALWAYS_ALLOW;
  }
}
