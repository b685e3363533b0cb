package io.mcpbot.core.admin;

import io.mcpbot.core.store.EncryptedColumn;
import java.util.ArrayList;
import java.util.List;

/** One encrypted column's counts as {@link KeyRotation}'s passes find them. Not thread-safe. */
final class Tally {
  final EncryptedColumn column;
  long total;
  long current;
  long rotated;
  long retried;
  long vanished;
  long notCurrent;
  long unreadable;
  final List<Long> unreadableIds = new ArrayList<>();

  Tally(EncryptedColumn column) {
    this.column = column;
  }

  KeyRotation.Counts counts() {
    return new KeyRotation.Counts(
        column.plural(), total, current, total - current, rotated, retried, vanished, notCurrent);
  }
}
