package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.StateHash;
import io.tribunal.core.commit.TensorCommitment;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * BENCHMARK-ONLY trace of n steps without training them: every state up to step i holds the real
 * initial parameters (the steps before i are declared identity maps, which only hashes ever see),
 * step i is computed for real by {@code runner} (honest or cheating), and every later state holds
 * its result. The game's step level dissects this trace; its op and element levels check the real
 * step i of the real model, so moves and gas are those of a real dispute.
 */
final class SyntheticTrace implements MlpTraceSource {
  private final TrainingConfig config;
  private final Dataset train;
  private final long disputed;
  private final List<Tensor> before;
  private final List<Tensor> ops;
  private final List<Tensor> after;
  private final List<Hash32> rootsBefore;
  private final List<Hash32> rootsAfter;

  SyntheticTrace(TrainingConfig config, Dataset train, StepRunner runner, long disputed) {
    this.config = config;
    this.train = train;
    this.disputed = disputed;
    this.before = runner.initial().parameters();
    StepRunner.Result r = runner.run(new ModelState(disputed, before));
    this.ops = r.outputs();
    this.after = r.next().parameters();
    this.rootsBefore = tensorRoots(before);
    this.rootsAfter = tensorRoots(after);
  }

  private static List<Hash32> tensorRoots(List<Tensor> ts) {
    List<Hash32> roots = new ArrayList<>();
    for (Tensor t : ts) {
      roots.add(TensorCommitment.of(t).root());
    }
    return roots;
  }

  private Hash32 leaf(long s) {
    return TraceCommitment.leaf(s, StateHash.of(s, s <= disputed ? rootsBefore : rootsAfter));
  }

  @Override
  public TrainingConfig config() {
    return config;
  }

  @Override
  public Dataset train() {
    return train;
  }

  @Override
  public DatasetCommitment datasetCommitment() {
    throw new UnsupportedOperationException("the benchmark disputes a matmul, not a gather");
  }

  @Override
  public List<Hash32> traceLeaves() {
    List<Hash32> leaves = new ArrayList<>();
    for (long s : TraceCommitment.checkpointSteps(config.steps(), config.interval())) {
      leaves.add(leaf(s));
    }
    return leaves;
  }

  @Override
  public Hash32 finalModelHash() {
    return StateHash.of(config.steps(), rootsAfter);
  }

  @Override
  public List<Hash32> stepLeaves(long first, long last) {
    List<Hash32> leaves = new ArrayList<>();
    for (long s = first; s <= last; s++) {
      leaves.add(leaf(s));
    }
    return leaves;
  }

  @Override
  public List<Tensor> parameters(long step) {
    return step <= disputed ? before : after;
  }

  @Override
  public List<Tensor> opOutputs(long step) {
    if (step != disputed) {
      throw new UnsupportedOperationException("only step " + disputed + " is computed");
    }
    return ops;
  }
}
