package io.tribunal.protocol.dispute.cheat;

import java.util.Arrays;
import java.util.Locale;

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

  /**
   * The cheats a daemon can be configured with ({@code cheat: {kind: flip-matmul-element, step:
   * 40}} in solver.yaml, demos and dispute tests only). Each becomes one of the records above once
   * resolved against a job (the solver's {@code EngineCheats}), in the order listed there.
   */
  enum Kind {
    /**
     * At step N, one element of the first matmul's output is off by +1.0: the first element whose
     * flip changes the step's resulting state (so no ReLU erases it).
     */
    FLIP_MATMUL_ELEMENT,
    /** At step N every SGD update is skipped (parameters carried over). */
    SKIP_SGD,
    /** At step N every SGD update uses twice the learning rate. */
    WRONG_LR,
    /** At step N every batch index is shifted by one (mod N). */
    WRONG_BATCH,
    /** Initial weight W1[0][0] is off by one unit (dispute at "step −1"). */
    WRONG_INIT,
    /** Honest training, but the committed model hash is not h_n. */
    WRONG_MODEL_HASH,
    /** Trace leaf ⌊N/K⌋ (at least 1) commits its state under the next step: leaves do not chain. */
    BAD_TRACE;

    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A configured deviation: which kind, and at which step. It names no job, so it is not itself a
   * {@code Cheat}: the solver resolves it into one for each job it trains.
   */
  record Configured(Kind kind, long step) {
    public Configured {
      if (step < 0) {
        throw new IllegalArgumentException("cheat step must be >= 0");
      }
    }

    public static Configured of(String kind, long step) {
      for (Kind k : Kind.values()) {
        if (k.configName().equals(kind)) {
          return new Configured(k, step);
        }
      }
      throw new IllegalArgumentException(
          "unknown cheat '"
              + kind
              + "', expected one of "
              + Arrays.stream(Kind.values()).map(Kind::configName).toList());
    }
  }
}
