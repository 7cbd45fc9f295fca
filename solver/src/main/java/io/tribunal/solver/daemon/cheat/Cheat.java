package io.tribunal.solver.daemon.cheat;

import java.util.Arrays;
import java.util.Locale;

/**
 * A deliberate deviation for demos and dispute tests: which kind, and at which step. Configured as
 * {@code cheat: {kind: flip-matmul-element, step: 40}} in solver.yaml; absent in honest configs.
 */
public record Cheat(Kind kind, long step) {

  /** The cheats the dispute scenarios exercise. */
  public enum Kind {
    /** At step N, one element of the first matmul's output is off by one ulp. */
    FLIP_MATMUL_ELEMENT,
    /** At step N the SGD update is skipped (parameters carried over). */
    SKIP_SGD,
    /** From step N on, the learning rate is doubled. */
    WRONG_LR,
    /** At step N, step N+1's batch is used. */
    WRONG_BATCH,
    /** The initial weights come from seed + 1 (dispute at "step −1"). */
    WRONG_INIT,
    /** Honest training, but the committed model hash is wrong. */
    WRONG_MODEL_HASH,
    /** Honest training, but the committed trace root has a wrong checkpoint hash from step N. */
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
