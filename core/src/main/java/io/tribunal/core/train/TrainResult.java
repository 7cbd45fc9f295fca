package io.tribunal.core.train;

import io.tribunal.core.commit.Hash32;
import java.util.Optional;

/**
 * Outcome of a run: the committed trace root and final state hash (empty when the run was halted
 * before the end), held-out accuracy counts, and where the run resumed from.
 */
public record TrainResult(
    Optional<Hash32> traceRoot,
    Hash32 lastStateHash,
    long lastStep,
    long resumedFrom,
    long heldOutCorrect,
    long heldOutTotal) {

  public boolean finished() {
    return traceRoot.isPresent();
  }

  public String accuracyPercent() {
    return Evaluator.percent(heldOutCorrect, heldOutTotal);
  }
}
