package io.tribunal.solver.daemon.cheat;

import java.util.Arrays;
import java.util.Locale;

/**
 * A deliberate deviation for demos and dispute tests: which kind, and at which step. Configured as
 * {@code cheat: {kind: flip-matmul-element, step: 40}} in solver.yaml; absent in honest configs.
 */
public record Cheat(Kind kind, long step) {

  /**
   * The cheats the dispute scenarios exercise, each mapped to the dispute engine's decorator
   * ({@code protocol.dispute.cheat.Cheat}) by {@link EngineCheats}.
   */
  public enum Kind {
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

  public Cheat {
    if (step < 0) {
      throw new IllegalArgumentException("cheat step must be >= 0");
    }
  }

  public static Cheat of(String kind, long step) {
    for (Kind k : Kind.values()) {
      if (k.configName().equals(kind)) {
        return new Cheat(k, step);
      }
    }
    throw new IllegalArgumentException(
        "unknown cheat '"
            + kind
            + "', expected one of "
            + Arrays.stream(Kind.values()).map(Kind::configName).toList());
  }
}
