package io.tribunal.protocol.dispute;

/** Game phase, in the order of {@code Phase} in contracts/src/types/DisputeTypes.sol. */
public enum Phase {
  NONE,
  AWAIT_TRACE,
  REVEAL,
  AWAIT_INTERVAL,
  AWAIT_INIT_STATE,
  AWAIT_STEP,
  OPEN_ROW,
  PROVE_LEAF,
  PICK,
  PICK_TENSOR,
  PICK_COLUMN,
  RESOLVED;

  /** Who must move in this phase (the contract's {@code _mover}). */
  public Side mover() {
    if (this == NONE || this == RESOLVED) {
      return Side.NONE;
    }
    return ordinal() >= PICK.ordinal() ? Side.CHALLENGER : Side.SOLVER;
  }
}
