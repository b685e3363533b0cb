package io.mcpbot.core.llm;

/** Why the model stopped: finished, wants tools run, hit the token limit, or anything else. */
public enum StopReason {
  END,
  TOOL_USE,
  MAX_TOKENS,
  OTHER
}
