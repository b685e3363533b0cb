package io.mcpbot.core.admin;

import io.mcpbot.core.store.Store;
import io.mcpbot.core.store.ToolCallCount;
import io.mcpbot.core.store.UsageReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@code mcpbot list-usage} shows for a period ending now: the store's {@link UsageReport}
 * plus per-tool averages. Immutable.
 *
 * @param period how far back the "since" figures go
 * @param report the counts (users, enabled users per server, conversations, messages, tool calls)
 * @param tools tool calls per server and tool, with failure count and mean duration
 */
public record UsageSummary(Duration period, UsageReport report, List<ToolStats> tools) {

  /**
   * One tool's calls in the period.
   *
   * @param averageMs mean call duration in milliseconds (0 when there were no calls)
   */
  public record ToolStats(String server, String tool, long calls, long failures, long averageMs) {
    static ToolStats of(ToolCallCount c) {
      return new ToolStats(
          c.serverName(),
          c.toolName(),
          c.calls(),
          c.failures(),
          c.calls() == 0 ? 0 : Math.round((double) c.totalDurationMs() / c.calls()));
    }
  }

  public UsageSummary {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(report, "report");
    tools = List.copyOf(tools);
  }

  /** Queries {@code store} for the period {@code [now - period, now]}. */
  public static UsageSummary query(Store store, Duration period, Instant now) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    UsageReport report = store.usageReport(now.minus(period));
    return new UsageSummary(
        period, report, report.toolCalls().stream().map(ToolStats::of).toList());
  }
}
