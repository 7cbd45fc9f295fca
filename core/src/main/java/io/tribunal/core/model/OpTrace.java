package io.tribunal.core.model;

import io.tribunal.core.commit.Hash32;
import java.util.List;

/**
 * The output tensor root of every op of one step, in program order: what the solver posts at the op
 * level of a dispute.
 */
public record OpTrace(long step, List<Entry> entries) {
  public OpTrace {
    entries = List.copyOf(entries);
  }

  /** Output root of op {@code index}. */
  public record Entry(int index, String op, String output, Hash32 root) {}
}
