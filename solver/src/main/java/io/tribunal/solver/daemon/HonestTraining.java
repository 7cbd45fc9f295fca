package io.tribunal.solver.daemon;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.TrainListener;
import io.tribunal.core.train.TrainResult;
import io.tribunal.core.train.Trainer;
import io.tribunal.protocol.dispute.LocalTrace;
import io.tribunal.protocol.dispute.TraceSource;
import java.util.function.Supplier;

/**
 * Honest training: core's resumable {@link Trainer}. The committed model hash is the final state
 * hash h_n, which is what JobMarket records and the inference server serves models by.
 */
public final class HonestTraining implements JobTraining {
  @Override
  public Commitment train(
      TrainingConfig config,
      DatasetSplit data,
      CheckpointStore store,
      Parallel parallel,
      TrainListener listener) {
    TrainResult r = new Trainer(config, data, store, parallel, listener).run(Long.MAX_VALUE);
    return new Commitment(
        r.traceRoot().orElseThrow(() -> new IllegalStateException("training did not finish")),
        r.lastStateHash(),
        config.steps(),
        config.interval(),
        r.heldOutCorrect(),
        r.heldOutTotal());
  }

  /** Its checkpoints, recomputed inside intervals. */
  @Override
  public TraceSource committedTrace(
      CheckpointStore store, Dataset train, Parallel parallel, Supplier<TrainingConfig> config) {
    return LocalTrace.fromStore(store, train, parallel);
  }
}
