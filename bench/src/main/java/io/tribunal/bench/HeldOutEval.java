package io.tribunal.bench;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.ops.Op;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.NodeKind;
import io.tribunal.protocol.graph.OpCodec;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Held-out figures of both engines from forward passes only: the evaluation graph (the model's step
 * graph at the evaluation chunk size over the held-out set) is run up to its logits, the input 0 of
 * {@code softmax_xent_grad}; the labels are its input 1 (class labels, or next-token ids for text).
 * Softmax and logarithms are taken in double here, outside the committed path.
 */
final class HeldOutEval {
  /** Correct argmax predictions, the summed −log2 p(label) and the number of predictions. */
  record Score(long correct, double bits, long count) {
    double accuracyPercent() {
      return 100.0 * correct / count;
    }

    double bitsPerToken() {
      return bits / count;
    }
  }

  private final OpGraph graph;
  private final Dataset heldOut;
  private final int[] samples;
  private final int chunk;
  private final int logits;
  private final int labels;
  private final FloatGraphStep twin;
  private final List<FloatTensor> floatData;

  /** Evaluates {@code samples} (a multiple of the graph's batch) of {@code heldOut}. */
  HeldOutEval(OpGraph graph, Dataset heldOut, int[] samples) {
    this.graph = graph;
    this.heldOut = heldOut;
    this.samples = samples.clone();
    this.chunk = graph.batch();
    if (samples.length % chunk != 0) {
      throw new IllegalArgumentException(samples.length + " samples in chunks of " + chunk);
    }
    GraphNode xent =
        graph.nodes().stream()
            .filter(n -> n.kind() == LeafOp.SOFTMAX_XENT_GRAD.index())
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the graph has no softmax_xent_grad"));
    this.logits = xent.in0();
    this.labels = xent.in1();
    this.twin = new FloatGraphStep(graph);
    this.floatData =
        twin.toReal(List.of(heldOut.features(), heldOut.labelTensor()), graph.params());
  }

  int size() {
    return samples.length;
  }

  Score fixed(List<Tensor> params, Parallel parallel) {
    List<Tensor> data = List.of(heldOut.features(), heldOut.labelTensor());
    long correct = 0;
    double bits = 0;
    long count = 0;
    int last = Math.max(logits, labels);
    for (int from = 0; from < samples.length; from += chunk) {
      int[] idx = java.util.Arrays.copyOfRange(samples, from, from + chunk);
      List<Tensor> t = new ArrayList<>(params);
      t.addAll(data);
      for (int i = t.size(); i <= last; i++) {
        GraphNode n = graph.node(i);
        Op op =
            OpCodec.decode(
                NodeKind.op(n.kind()).orElseThrow(), n.attrs(), new OpCodec.StepContext(idx, 0));
        List<Tensor> in = new ArrayList<>(2);
        in.add(t.get(n.in0()));
        if (n.in1() != GraphNode.NONE) {
          in.add(t.get(n.in1()));
        }
        t.add(op.compute(in, parallel));
      }
      Tensor z = t.get(logits);
      Tensor y = t.get(labels);
      double[] row = new double[z.cols()];
      for (int r = 0; r < z.rows(); r++) {
        for (int c = 0; c < row.length; c++) {
          row[c] = z.get(r, c) / 65536.0;
        }
        int label = y.get(r, 0);
        correct += argmax(row) == label ? 1 : 0;
        bits += bits(row, label);
        count++;
      }
    }
    return new Score(correct, bits, count);
  }

  Score twin(List<FloatTensor> params, Parallel parallel) {
    long correct = 0;
    double bits = 0;
    long count = 0;
    int last = Math.max(logits, labels);
    for (int from = 0; from < samples.length; from += chunk) {
      int[] idx = java.util.Arrays.copyOfRange(samples, from, from + chunk);
      List<FloatTensor> t = twin.run(params, floatData, 0, idx, last, parallel);
      FloatTensor z = t.get(logits);
      FloatTensor y = t.get(labels);
      double[] row = new double[z.cols()];
      for (int r = 0; r < z.rows(); r++) {
        for (int c = 0; c < row.length; c++) {
          row[c] = z.get(r, c);
        }
        int label = (int) y.get(r, 0);
        correct += argmax(row) == label ? 1 : 0;
        bits += bits(row, label);
        count++;
      }
    }
    return new Score(correct, bits, count);
  }

  /** The first largest entry. */
  static int argmax(double[] row) {
    int best = 0;
    for (int c = 1; c < row.length; c++) {
      if (row[c] > row[best]) {
        best = c;
      }
    }
    return best;
  }

  /** −log2 softmax(row)[label], in double. */
  static double bits(double[] row, int label) {
    double max = row[argmax(row)];
    double sum = 0;
    for (double z : row) {
      sum += Math.exp(z - max);
    }
    return (Math.log(sum) - (row[label] - max)) / Math.log(2);
  }
}
