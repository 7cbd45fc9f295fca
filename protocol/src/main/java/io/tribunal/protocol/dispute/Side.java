package io.tribunal.protocol.dispute;

/** A player of a game, in the order of {@code Side} in DisputeTypes.sol. */
public enum Side {
  NONE,
  SOLVER,
  CHALLENGER;

  public Side other() {
    return switch (this) {
      case SOLVER -> CHALLENGER;
      case CHALLENGER -> SOLVER;
      case NONE -> NONE;
    };
  }
}
