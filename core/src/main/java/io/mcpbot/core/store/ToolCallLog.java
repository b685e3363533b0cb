package io.mcpbot.core.store;

import java.time.Instant;
import java.util.List;

/**
 * The tool-call audit (tool_calls): who called which tool, when, how long, with what outcome.
 * Obtain from {@link Store#toolCalls()}; thread-safe there.
 */
public interface ToolCallLog {

  /** Stores one audit row. */
  void record(ToolCallAudit audit);

  /** Calls, failures and total duration per server and tool since {@code since}. */
  List<ToolCallCount> countsSince(Instant since);
}
