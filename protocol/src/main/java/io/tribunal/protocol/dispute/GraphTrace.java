package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.GraphStep;
import io.tribunal.protocol.graph.GraphTraining;
import io.tribunal.protocol.graph.OpGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link TraceSource} of an op-graph job (docs/op-graph.md): the run trained once, its
 * checkpoint states kept in memory, and any state or step inside an interval recomputed from the
 * checkpoint below it with {@link GraphStep}. A {@link GraphTamper} makes it a cheating solver's
 * trace (test cheats); {@link GraphTamper#NONE} is the honest run of {@code GraphTraining}.
 *
 * <p>Thread-safe: one lock, held for each call's whole computation, guards the cached step.
 */
public final class GraphTrace implements GraphTraceSource {
  private final GraphTraining run;
  private final GraphStep stepper;
  private final DatasetCommitment dataset;
  private final List<Tensor> data;
  private final Parallel parallel;
  private final GraphTamper tamper;
  private final TreeMap<Long, List<Tensor>> checkpoints = new TreeMap<>();
  private final List<Hash32> traceLeaves = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock(true);
  private long nodesStep = -1;
  private List<Tensor> nodes;

  private GraphTrace(
      GraphTraining run, DatasetCommitment dataset, Parallel parallel, GraphTamper tamper) {
    this.run = run;
    this.stepper = new GraphStep(run.graph());
    this.dataset = dataset;
    this.data = List.of(run.train().features(), run.train().labelTensor());
    this.parallel = parallel;
    this.tamper = tamper;
  }

  /** Trains {@code run} (tampered by {@code tamper}) and keeps its checkpoints. */
  public static GraphTrace train(
      GraphTraining run, DatasetCommitment dataset, Parallel parallel, GraphTamper tamper) {
    if (!dataset.root().equals(run.datasetRoot())) {
      throw new IllegalArgumentException("the dataset commitment is not the run's dataset root");
    }
    GraphTrace t = new GraphTrace(run, dataset, parallel, tamper);
    List<Tensor> state = tamper.initial(t.stepper.initialParameters(run.seed()));
    t.keep(0, state);
    for (long step = 0; step < run.steps(); step++) {
      state = t.next(step, state);
      if (TraceCommitment.isCheckpoint(step + 1, run.steps(), run.interval())) {
        t.keep(step + 1, state);
      }
    }
    return t;
  }

  private void keep(long step, List<Tensor> state) {
    checkpoints.put(step, List.copyOf(state));
    traceLeaves.add(TraceCommitment.leaf(step, new ModelState(step, state).hash(parallel)));
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
    return List.copyOf(traceLeaves);
  }

  @Override
  public Hash32 finalModelHash() {
    return new ModelState(steps(), parameters(steps())).hash(parallel);
  }

  @Override
  public List<Hash32> stepLeaves(long first, long last) {
    lock.lock();
    try {
      List<Hash32> leaves = new ArrayList<>();
      List<Tensor> s = state(first);
      leaves.add(TraceCommitment.leaf(first, new ModelState(first, s).hash(parallel)));
      for (long step = first; step < last; step++) {
        s = next(step, s);
        leaves.add(TraceCommitment.leaf(step + 1, new ModelState(step + 1, s).hash(parallel)));
      }
      return leaves;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Tensor> parameters(long step) {
    lock.lock();
    try {
      return state(step);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Tensor> nodeTensors(long step) {
    lock.lock();
    try {
      if (nodesStep != step) {
        nodes = List.copyOf(nodes(step, state(step)));
        nodesStep = step;
      }
      return nodes;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int[] batchIndices(long step) {
    return BatchSampler.indices(run.seed(), step, graph().batch(), run.train().size());
  }

  private List<Tensor> state(long step) {
    var base = checkpoints.floorEntry(step);
    List<Tensor> s = base.getValue();
    for (long t = base.getKey(); t < step; t++) {
      s = next(t, s);
    }
    return s;
  }

  private List<Tensor> nodes(long step, List<Tensor> state) {
    return stepper.run(
        state,
        data,
        step,
        batchIndices(step),
        parallel,
        (node, out) -> tamper.output(step, node, out));
  }

  private List<Tensor> next(long step, List<Tensor> state) {
    List<Tensor> all = nodes(step, state);
    List<Tensor> next = new ArrayList<>(graph().params());
    for (int p = 0; p < graph().params(); p++) {
      next.add(all.get(graph().node(p).in0()));
    }
    return next;
  }
}
