package io.tribunal.solver.daemon;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.TrainListener;
import io.tribunal.protocol.dispute.TraceSource;
import java.util.function.Supplier;

/**
 * How the solver turns a claimed job into a commitment. The honest implementation is core's {@link
 * io.tribunal.core.train.Trainer}; cheat modes decorate it (see {@code cheat}) and never touch the
 * honest path.
 */
public interface JobTraining {

  /** What the solver commits: {@code JobMarket.commit(traceRoot, n, K, finalModelHash)}. */
  record Commitment(
      Hash32 traceRoot,
      Hash32 finalModelHash,
      long steps,
      long interval,
      long heldOutCorrect,
      long heldOutTotal) {}

  /** Trains (resuming from the store when possible) and returns what to commit. */
  Commitment train(
      TrainingConfig config,
      DatasetSplit data,
      CheckpointStore store,
      Parallel parallel,
      TrainListener listener);

  /**
   * The run this training committed for a job, recomputed for its step tree and its dispute
   * defence: what {@code store} holds, or what a cheat made of it. {@code config} is the job's
   * training config, asked for only by a training that recomputes its run from it.
   */
  TraceSource committedTrace(
      CheckpointStore store, Dataset train, Parallel parallel, Supplier<TrainingConfig> config);
}
