package io.tribunal.solver;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetLoader;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.TrainListener;
import io.tribunal.core.train.Trainer;
import java.nio.file.Path;

/** A finished training run small enough for unit tests: 4 steps of mlp:784-16-10 on MNIST. */
public final class TinyRun {
  private TinyRun() {}

  /** Trains into {@code runDir} (manifest with result, checkpoints); the final state hash. */
  public static Bytes32 train(Path runDir, long seed) throws Exception {
    DatasetSplit data =
        DatasetLoader.load(
            "mnist",
            DatasetLoader.defaultCacheDir(),
            io.tribunal.protocol.layout.NpmLocator.packages());
    try (Parallel parallel = Parallel.of(2)) {
      Hash32 root = DatasetCommitment.of(data.train(), parallel).root();
      TrainingConfig config =
          new TrainingConfig(MlpSpec.parse("mlp:784-16-10"), "mnist", root, seed, 8, "0.1", 4, 2);
      var result =
          new Trainer(
                  config, data, CheckpointStore.open(runDir, false), parallel, TrainListener.NONE)
              .run(Long.MAX_VALUE);
      return new Bytes32(result.lastStateHash().bytes());
    }
  }
}
