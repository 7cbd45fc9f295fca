package io.tribunal.bench;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.GraphStep;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The state of a {@link LearnCommand} run: both engines' parameters, the step counter, the time
 * each engine spent in its steps and the training loss since the last report.
 */
final class LearnRun {
  final GraphStep fixed;
  final FloatGraphStep twin;
  final List<Tensor> data;
  final List<FloatTensor> floatData;
  final int size;
  final int batch;
  final long seed;
  final int logits;
  final int labels;
  List<Tensor> fixedState;
  List<FloatTensor> floatState;
  long step;
  long fixedNanos;
  long floatNanos;
  double fixedBits;
  double floatBits;
  long predictions;

  LearnRun(OpGraph graph, Dataset train, long seed) {
    this.fixed = new GraphStep(graph);
    this.twin = new FloatGraphStep(graph);
    this.data = List.of(train.features(), train.labelTensor());
    this.floatData = twin.toReal(data, graph.params());
    this.size = train.size();
    this.batch = graph.batch();
    this.seed = seed;
    GraphNode xent =
        graph.nodes().stream()
            .filter(n -> n.kind() == LeafOp.SOFTMAX_XENT_GRAD.index())
            .findFirst()
            .orElseThrow();
    this.logits = xent.in0();
    this.labels = xent.in1();
    this.fixedState = fixed.initialParameters(seed);
    this.floatState = twin.toReal(fixedState, 0);
  }

  void step(Parallel parallel) {
    int[] idx = BatchSampler.indices(seed, step, batch, size);
    long t0 = System.nanoTime();
    List<Tensor> all = fixed.run(fixedState, data, step, idx, parallel);
    long t1 = System.nanoTime();
    List<FloatTensor> fall = twin.run(floatState, floatData, step, idx, parallel);
    long t2 = System.nanoTime();
    fixedNanos += t1 - t0;
    floatNanos += t2 - t1;
    fixedState = new ArrayList<>(twin.graph().params());
    for (int p = 0; p < twin.graph().params(); p++) {
      fixedState.add(all.get(twin.graph().node(p).in0()));
    }
    floatState = twin.next(fall);
    Tensor z = all.get(logits);
    Tensor y = all.get(labels);
    FloatTensor fz = fall.get(logits);
    double[] row = new double[z.cols()];
    for (int r = 0; r < z.rows(); r++) {
      int label = y.get(r, 0);
      for (int c = 0; c < row.length; c++) {
        row[c] = z.get(r, c) / 65536.0;
      }
      fixedBits += HeldOutEval.bits(row, label);
      for (int c = 0; c < row.length; c++) {
        row[c] = fz.get(r, c);
      }
      floatBits += HeldOutEval.bits(row, label);
      predictions++;
    }
    step++;
  }

  /** Mean training loss (bits) of both engines since the last call. */
  String trainLoss() {
    String s =
        String.format(
            Locale.ROOT,
            "fixed %.3f float %.3f bits",
            fixedBits / predictions,
            floatBits / predictions);
    fixedBits = 0;
    floatBits = 0;
    predictions = 0;
    return s;
  }

  double fixedRate() {
    return step / (fixedNanos / 1e9);
  }

  double floatRate() {
    return step / (floatNanos / 1e9);
  }
}
