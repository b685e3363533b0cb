package io.mcpbot.core.cluster;

/**
 * What {@link TurnHandoff#accept} made of an arrived turn, durably, before the event is acked: seen
 * before, queued to run here, or queued for the replica holding the user's lease. Immutable.
 */
public sealed interface Intake {

  /** The event was processed already (a redelivery, or another replica got it first). */
  record Duplicate() implements Intake {}

  /**
   * Recorded as taken by this replica: run it, then {@link TurnHandoff#finish(long)} the row.
   *
   * @param id the queue row, 0 when nothing was queued (no handoff wired: one process, tests)
   */
  record Here(long id) implements Intake {}

  /** Queued for the lease holder, which answers in Slack itself. */
  record Elsewhere() implements Intake {}
}
