package io.tribunal.bench;

import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.StepEngine;
import io.tribunal.core.train.TrainListener;
import io.tribunal.core.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rounds of the end-to-end commitment overhead: N steps through the {@link Trainer} (checkpoints
 * hashed, stored and listed every K steps, writer drained) against the same N bare steps, in
 * percent, interleaved so load drift hits both sides. Wall-clock time, benchmark only.
 */
final class CommitmentOverhead {
  private CommitmentOverhead() {}

  /** Per round, then the total over all rounds in the last slot. */
  static double[] rounds(
      TrainingConfig base,
      DatasetSplit data,
      StepEngine engine,
      Parallel parallel,
      long k,
      long n,
      int rounds)
      throws IOException {
    TrainingConfig config = base.withRun(base.steps(), k);
    double[] overhead = new double[rounds + 1]; // per round, then the total in the last slot
    long withTotal = 0;
    long withoutTotal = 0;
    for (int r = -1; r < rounds; r++) { // round -1 warms up the writer path
      boolean committedFirst = (r & 1) != 0; // alternate the order so drift hits both sides
      long with = 0;
      long without = 0;
      for (int side = 0; side < 2; side++) {
        if ((side == 0) == committedFirst) {
          with = timeCommitted(config, data, parallel, n);
        } else {
          without = timeUncommitted(engine, parallel, n);
        }
      }
      if (r >= 0) {
        overhead[r] = 100.0 * ((double) with / without - 1);
        withTotal += with;
        withoutTotal += without;
      }
    }
    overhead[rounds] = 100.0 * ((double) withTotal / withoutTotal - 1);
    return overhead;
  }

  /** Nanoseconds for n bare steps from the initial state. */
  private static long timeUncommitted(StepEngine engine, Parallel parallel, long n) {
    long t0 = System.nanoTime();
    ModelState s = engine.initial();
    while (s.step() < n) {
      s = engine.step(s, parallel);
    }
    return System.nanoTime() - t0;
  }

  /** Nanoseconds for the same n steps through the Trainer, writer drained, in a fresh store. */
  private static long timeCommitted(
      TrainingConfig config, DatasetSplit data, Parallel parallel, long n) throws IOException {
    Path dir = Files.createTempDirectory("tribunal-overhead");
    try {
      Trainer trainer =
          new Trainer(config, data, CheckpointStore.open(dir, false), parallel, TrainListener.NONE);
      long t0 = System.nanoTime();
      trainer.run(n);
      return System.nanoTime() - t0;
    } finally {
      deleteTree(dir);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
