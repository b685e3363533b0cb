package io.mcpbot.core.admin;

import java.util.ArrayList;
import java.util.List;

/** One encrypted column's counts as {@link KeyRotation}'s passes find them. Not thread-safe. */
final class Tally {
  final SecretColumn column;
  long total;
  long current;
  long rotated;
  long retried;
  long vanished;
  long notCurrent;
  long unreadable;
  final List<Long> unreadableIds = new ArrayList<>();

  Tally(SecretColumn column) {
    this.column = column;
  }

  KeyRotation.Counts counts() {
    return new KeyRotation.Counts(
        column.label(), total, current, total - current, rotated, retried, vanished, notCurrent);
  }
}
