package io.tribunal.bench;

import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.Replayer;
import io.tribunal.core.train.TrainListener;
import io.tribunal.core.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The time to replay one sampled transition from stored checkpoints (benchmark only). */
final class ReplayTime {
  private ReplayTime() {}

  /** Trains 2K steps, then times the replay of transition 1.5K (after one warm-up replay). */
  static void print(
      PrintWriter out, TrainingConfig base, DatasetSplit data, Parallel parallel, long interval)
      throws IOException {
    Path dir = Files.createTempDirectory("tribunal-replay");
    long n = 2 * interval;
    TrainingConfig config = base.withRun(n, interval);
    CheckpointStore store = CheckpointStore.open(dir, false);
    new Trainer(config, data, store, parallel, TrainListener.NONE).run(Long.MAX_VALUE);
    Replayer replayer = new Replayer(store, parallel);
    long sampled = interval + interval / 2;
    replayer.replay(data.train(), sampled); // warm-up
    long t0 = System.nanoTime();
    Replayer.Outcome o = replayer.replay(data.train(), sampled);
    long t1 = System.nanoTime();
    long t2 = System.nanoTime();
    DatasetCommitment.of(data.train(), parallel);
    long t3 = System.nanoTime();
    out.printf(
        "replay    transition %d (K=%d, %d steps recomputed + op trace): %.1f ms total, of which"
            + " dataset root check %.1f ms; matches=%s%n",
        sampled, interval, interval, (t1 - t0) / 1e6, (t3 - t2) / 1e6, o.matches());
    CommitmentOverhead.deleteTree(dir);
  }
}
