package io.tribunal.bench;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** What one checkpoint costs the background writer: hashing and storing (benchmark only). */
final class CheckpointCost {
  private CheckpointCost() {}

  /** Per-checkpoint cost breakdown, as the background writer pays it (serial hash). */
  static void print(
      PrintWriter out, ModelState state, double stepMs, MlpSpec model, int batch, long interval)
      throws IOException {
    Path dir = Files.createTempDirectory("tribunal-bench");
    CheckpointStore store = CheckpointStore.open(dir, false);
    Manifest manifest =
        Manifest.start(
            new TrainingConfig(model, "mnist", Hash32.ZERO, 1, batch, "0.1", 1_000_000, interval));
    int reps = 30;
    double[] hashMs = new double[reps];
    double[] storeMs = new double[reps];
    for (int r = 0; r < reps; r++) {
      ModelState s = new ModelState(state.step() + r, state.parameters());
      long t0 = System.nanoTime();
      Hash32 h = s.hash(Parallel.serial());
      long t1 = System.nanoTime();
      String file = store.save(s);
      manifest = manifest.with(new Manifest.CheckpointEntry(s.step(), h.hex(), file));
      store.writeManifest(manifest);
      long t2 = System.nanoTime();
      hashMs[r] = (t1 - t0) / 1e6;
      storeMs[r] = (t2 - t1) / 1e6;
    }
    double hash = Stats.median(hashMs);
    double save = Stats.median(storeMs);
    out.printf(
        "commit    hash %.2f ms + store %.2f ms = %.2f ms per checkpoint, on the background"
            + " writer; step %.3f ms%n",
        hash, save, hash + save, stepMs);
    CommitmentOverhead.deleteTree(dir);
  }
}
