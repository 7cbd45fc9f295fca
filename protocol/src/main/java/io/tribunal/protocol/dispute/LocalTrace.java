package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.StepEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * A {@link TraceSource} over stored checkpoints: any state inside an interval is recomputed from
 * the checkpoint below it with a {@link StepRunner}. Keeps only the last state reached and the last
 * step's op outputs, so memory stays at a few states whatever n and K are.
 *
 * <p>Thread-safe: one instance serves every game on its job at once. Each call holds the trace's
 * lock for its whole computation (the cached state and op outputs are shared), and the lock is
 * fair, so callers queued behind a long recomputation are served in the order they asked: a
 * defender that starts its games most urgent clock first gets its data in that order.
 *
 * <p>Committed-leaf and final-hash overrides exist only for the test cheats (a trace whose leaves
 * do not chain, a final model that is not h_n); the honest factory never sets them.
 */
public final class LocalTrace implements MlpTraceSource {
  private final StepRunner runner;
  private final Dataset train;
  private final LongFunction<ModelState> checkpoint;
  private final Map<Integer, Hash32> leafOverrides;
  private final Optional<Hash32> modelOverride;
  private final ReentrantLock lock = new ReentrantLock(true);
  private List<Hash32> traceLeaves;
  private DatasetCommitment dataset;
  private ModelState last;
  private long opsStep = -1;
  private List<Tensor> ops;

  public LocalTrace(
      StepRunner runner,
      Dataset train,
      LongFunction<ModelState> checkpoint,
      Map<Integer, Hash32> leafOverrides,
      Optional<Hash32> modelOverride) {
    this.runner = runner;
    this.train = train;
    this.checkpoint = checkpoint;
    this.leafOverrides = Map.copyOf(leafOverrides);
    this.modelOverride = modelOverride;
  }

  /** The honest source of a finished training run in {@code store} (its manifest and files). */
  public static LocalTrace fromStore(CheckpointStore store, Dataset train, Parallel parallel) {
    Manifest m =
        store
            .readManifest()
            .orElseThrow(() -> new IllegalArgumentException("no manifest.json in " + store.dir()));
    TrainingConfig config = m.config().toTrainingConfig();
    StepRunner runner =
        new StepRunner(new StepEngine(config, train), StepInterceptor.NONE, parallel);
    LongFunction<ModelState> load =
        step ->
            store.load(
                m.at(step)
                    .orElseThrow(() -> new IllegalStateException("no checkpoint of step " + step))
                    .file());
    return new LocalTrace(runner, train, load, Map.of(), Optional.empty());
  }

  @Override
  public TrainingConfig config() {
    return runner.engine().config();
  }

  @Override
  public Dataset train() {
    return train;
  }

  @Override
  public DatasetCommitment datasetCommitment() {
    lock.lock();
    try {
      if (dataset == null) {
        dataset = DatasetCommitment.of(train, runner.parallel());
      }
      return dataset;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Hash32> traceLeaves() {
    lock.lock();
    try {
      if (traceLeaves == null) {
        List<Long> steps = TraceCommitment.checkpointSteps(config().steps(), config().interval());
        List<Hash32> leaves = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
          long s = steps.get(i);
          Hash32 leaf = TraceCommitment.leaf(s, checkpoint.apply(s).hash(runner.parallel()));
          leaves.add(leafOverrides.getOrDefault(i, leaf));
        }
        traceLeaves = List.copyOf(leaves);
      }
      return traceLeaves;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Hash32 finalModelHash() {
    lock.lock();
    try {
      return modelOverride.orElseGet(() -> state(config().steps()).hash(runner.parallel()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Hash32> stepLeaves(long first, long last) {
    lock.lock();
    try {
      List<Hash32> leaves = new ArrayList<>();
      ModelState s = state(first);
      leaves.add(TraceCommitment.leaf(first, s.hash(runner.parallel())));
      while (s.step() < last) {
        s = runner.run(s).next();
        leaves.add(TraceCommitment.leaf(s.step(), s.hash(runner.parallel())));
      }
      this.last = s;
      return leaves;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Tensor> parameters(long step) {
    lock.lock();
    try {
      return state(step).parameters();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Tensor> opOutputs(long step) {
    lock.lock();
    try {
      if (opsStep != step) {
        ops = runner.run(state(step)).outputs();
        opsStep = step;
      }
      return ops;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The state after {@code step} steps: from the cache, else from the checkpoint below it (the
   * caller holds the lock).
   */
  private ModelState state(long step) {
    long k = config().interval();
    long base = Math.min(step / k * k, config().steps());
    ModelState s =
        last != null && last.step() <= step && last.step() >= base ? last : checkpoint.apply(base);
    while (s.step() < step) {
      s = runner.run(s).next();
    }
    last = s;
    return s;
  }
}
