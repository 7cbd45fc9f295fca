package io.tribunal.protocol.dispute.cheat;

/**
 * One way a solver lies. The run continues consistently from the altered value, as a real cheater
 * would, so only the dispute game's first-disagreement search can find where it went wrong.
 */
public sealed interface Cheat {
  /** Initial parameter {@code param} (state order) has element (row, col) off by one unit. */
  record WrongInitialWeight(int param, int row, int col) implements Cheat {}

  /** Element (row, col) of op {@code op}'s output at {@code step} is flipped by +1.0. */
  record FlippedOutput(long step, int op, int row, int col) implements Cheat {}

  /** Every SGD update of {@code step} is skipped (the parameters stay as they were). */
  record SkippedUpdate(long step) implements Cheat {}

  /** Every SGD update of {@code step} uses {@code factor} times the learning rate. */
  record WrongLearningRate(long step, int factor) implements Cheat {}

  /** The batch of {@code step} is drawn with every index shifted by one (mod N). */
  record WrongBatch(long step) implements Cheat {}

  /** The committed final model hash is not the last state's hash. */
  record WrongFinalModel() implements Cheat {}

  /**
   * Trace leaf {@code leaf} (> 0) commits the state of its checkpoint under the next step number,
   * so the leaves no longer chain: no transition leads to it.
   */
  record NonChainingLeaf(int leaf) implements Cheat {}
}
