package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.StateHash;
import io.tribunal.core.commit.TensorCommitment;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.GraphStep;
import io.tribunal.protocol.graph.GraphTraining;
import io.tribunal.protocol.graph.OpGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * BENCHMARK-ONLY op-graph trace of n steps without training them (the graph counterpart of {@link
 * SyntheticTrace}): every state up to step i holds the real initial state of the graph (the steps
 * before i are declared identity maps, which only hashes ever see), step i is run for real by
 * {@link GraphStep} at its own step number and batch draw (honest, or with a {@link GraphTamper}),
 * and every later state holds its next values. The step level of the game dissects this trace; the
 * op and element levels check the real step i of the real graph, so the moves and their gas are
 * those of a real dispute. With no disputed step ({@link #unstepped}) every state is the initial
 * one: enough to commit and register a job.
 */
final class SyntheticGraphTrace implements GraphTraceSource {
  private final GraphTraining run;
  private final DatasetCommitment dataset;
  private final long disputed;
  private final List<Tensor> nodes;
  private final List<Hash32> rootsBefore;
  private final List<Hash32> rootsAfter;
  private final List<Tensor> before;
  private final List<Tensor> after;

  SyntheticGraphTrace(
      GraphTraining run,
      DatasetCommitment dataset,
      long disputed,
      GraphTamper tamper,
      Parallel parallel) {
    this.run = run;
    this.dataset = dataset;
    this.disputed = disputed;
    GraphStep stepper = new GraphStep(run.graph());
    this.before = stepper.initialParameters(run.seed());
    this.rootsBefore = roots(before, parallel);
    if (disputed < 0) {
      this.nodes = List.of();
      this.after = before;
      this.rootsAfter = rootsBefore;
      return;
    }
    List<Tensor> data = List.of(run.train().features(), run.train().labelTensor());
    this.nodes =
        List.copyOf(
            stepper.run(
                before,
                data,
                disputed,
                batchIndices(disputed),
                parallel,
                (node, out) -> tamper.output(disputed, node, out)));
    List<Tensor> next = new ArrayList<>();
    for (int p = 0; p < run.graph().params(); p++) {
      next.add(nodes.get(run.graph().node(p).in0()));
    }
    this.after = List.copyOf(next);
    this.rootsAfter = roots(after, parallel);
  }

  /** A trace whose every state is the initial one: no step is computed. */
  static SyntheticGraphTrace unstepped(
      GraphTraining run, DatasetCommitment dataset, Parallel parallel) {
    return new SyntheticGraphTrace(run, dataset, -1, GraphTamper.NONE, parallel);
  }

  private static List<Hash32> roots(List<Tensor> ts, Parallel parallel) {
    List<Hash32> roots = new ArrayList<>();
    for (Tensor t : ts) {
      roots.add(TensorCommitment.of(t, parallel).root());
    }
    return roots;
  }

  private Hash32 leaf(long s) {
    return TraceCommitment.leaf(s, StateHash.of(s, s <= disputed ? rootsBefore : rootsAfter));
  }

  @Override
  public OpGraph graph() {
    return run.graph();
  }

  @Override
  public Dataset train() {
    return run.train();
  }

  @Override
  public DatasetCommitment datasetCommitment() {
    return dataset;
  }

  @Override
  public long seed() {
    return run.seed();
  }

  @Override
  public Hash32 configHash() {
    return run.configHash();
  }

  @Override
  public long steps() {
    return run.steps();
  }

  @Override
  public long interval() {
    return run.interval();
  }

  @Override
  public List<Hash32> traceLeaves() {
    List<Hash32> leaves = new ArrayList<>();
    for (long s : TraceCommitment.checkpointSteps(steps(), interval())) {
      leaves.add(leaf(s));
    }
    return leaves;
  }

  @Override
  public Hash32 finalModelHash() {
    return StateHash.of(steps(), rootsAfter);
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
  public List<Tensor> nodeTensors(long step) {
    if (step != disputed) {
      throw new UnsupportedOperationException("only step " + disputed + " is computed");
    }
    return nodes;
  }

  @Override
  public int[] batchIndices(long step) {
    return BatchSampler.indices(run.seed(), step, graph().batch(), run.train().size());
  }
}
