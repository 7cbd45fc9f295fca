package io.tribunal.protocol.dispute;

/** Why a game ended (DisputeTypes.sol {@code Outcome}). */
public enum Outcome {
  NONE,
  SOLVER_TIMED_OUT,
  CHALLENGER_TIMED_OUT,
  LEAF_MISMATCH,
  LEAF_MATCH,
  NON_CANONICAL_PADDING,
  MODEL_PROVEN,
  JOB_ALREADY_SETTLED;

  /** True when the challenger won (the solver lied or went silent). */
  public boolean challengerWon() {
    return this == SOLVER_TIMED_OUT
        || this == LEAF_MISMATCH
        || this == NON_CANONICAL_PADDING
        || this == JOB_ALREADY_SETTLED;
  }
}
