package io.tribunal.protocol.dispute;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Where a game has narrowed the disagreement so far: the transition {@code step -> step+1} (or the
 * initial state), the op (or initial parameter) index, and the element (row, col). Each part is
 * empty until the game has fixed it.
 */
public record Pinpoint(
    boolean atInit, OptionalLong step, OptionalInt tensor, OptionalInt row, OptionalInt col) {

  private static final long U64_MAX = -1L;

  /** From the gameView fields, where {@code type(uintN).max} means "not known yet". */
  static Pinpoint of(boolean atInit, long step, int tensor, long row, long col) {
    return new Pinpoint(
        atInit,
        step == U64_MAX ? OptionalLong.empty() : OptionalLong.of(step),
        tensor == 0xFFFF ? OptionalInt.empty() : OptionalInt.of(tensor),
        row == 0xFFFF_FFFFL ? OptionalInt.empty() : OptionalInt.of((int) row),
        col == 0xFFFF_FFFFL ? OptionalInt.empty() : OptionalInt.of((int) col));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(atInit ? "init" : "step");
    step.ifPresent(s -> sb.append(atInit ? "" : " " + s));
    tensor.ifPresent(t -> sb.append(atInit ? ", parameter " : ", op ").append(t));
    row.ifPresent(r -> sb.append(", row ").append(r));
    col.ifPresent(c -> sb.append(", col ").append(c));
    return sb.toString();
  }
}
