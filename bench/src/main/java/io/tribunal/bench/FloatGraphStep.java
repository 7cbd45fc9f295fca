package io.tribunal.bench;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.GraphStep;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;

/**
 * BENCHMARK BASELINE ONLY, never part of the committed computation: a float32 twin of any {@link
 * OpGraph}. It runs the graph node by node like {@link GraphStep}, but each op computes the
 * real-valued formula its fixed-point kernel rounds (Q16.16 value v means v/65536, AdamW's second
 * moment is a real number, token ids and labels stay integers), from the same initial parameters
 * converted to float and with the same batch indices. {@link RealValues} gives the real meaning of
 * any fixed-point node, so the two engines can be compared node by node.
 */
public final class FloatGraphStep {
  private final OpGraph graph;
  private final RealValues real;

  public FloatGraphStep(OpGraph graph) {
    new GraphStep(graph); // the same structural checks
    this.graph = graph;
    this.real = new RealValues(graph);
  }

  public OpGraph graph() {
    return graph;
  }

  /** The fixed engine's initial parameters for {@code seed}, as real values. */
  public List<FloatTensor> initialParameters(long seed) {
    return toReal(new GraphStep(graph).initialParameters(seed), 0);
  }

  /** Fixed-point tensors starting at node {@code firstId} (parameters or data) as real values. */
  public List<FloatTensor> toReal(List<Tensor> fixed, int firstId) {
    List<FloatTensor> out = new ArrayList<>(fixed.size());
    for (int i = 0; i < fixed.size(); i++) {
      out.add(real.of(firstId + i, fixed.get(i)));
    }
    return out;
  }

  /** Every node's tensor, by id, like {@link GraphStep#run}. */
  public List<FloatTensor> run(
      List<FloatTensor> params,
      List<FloatTensor> data,
      long step,
      int[] batchIndices,
      Parallel parallel) {
    return run(params, data, step, batchIndices, graph.nodes().size() - 1, parallel);
  }

  /** The tensors of nodes 0..{@code last} only (e.g. a forward pass up to the logits). */
  public List<FloatTensor> run(
      List<FloatTensor> params,
      List<FloatTensor> data,
      long step,
      int[] batchIndices,
      int last,
      Parallel parallel) {
    if (params.size() != graph.params() || data.size() != graph.data()) {
      throw new IllegalArgumentException(
          "the graph takes " + graph.params() + " parameters and " + graph.data() + " data inputs");
    }
    List<FloatTensor> tensors = new ArrayList<>(last + 1);
    tensors.addAll(params);
    tensors.addAll(data);
    for (int i = tensors.size(); i <= last; i++) {
      GraphNode n = graph.node(i);
      FloatTensor a = tensors.get(n.in0());
      FloatTensor b = n.in1() == GraphNode.NONE ? null : tensors.get(n.in1());
      tensors.add(compute(n, a, b, step, batchIndices, parallel));
    }
    return tensors;
  }

  /** The next parameters after step {@code step}. */
  public List<FloatTensor> step(
      List<FloatTensor> params,
      List<FloatTensor> data,
      long step,
      int[] batchIndices,
      Parallel parallel) {
    return next(run(params, data, step, batchIndices, parallel));
  }

  /** The next parameters from every node's tensor of a step. */
  public List<FloatTensor> next(List<FloatTensor> all) {
    List<FloatTensor> next = new ArrayList<>(graph.params());
    for (int p = 0; p < graph.params(); p++) {
      next.add(all.get(graph.node(p).in0()));
    }
    return next;
  }

  /** One op node's output from its (real-valued) inputs. */
  public static FloatTensor compute(
      GraphNode n, FloatTensor a, FloatTensor b, long step, int[] batch, Parallel parallel) {
    LeafOp op = LeafOp.values()[n.kind()];
    long[] at = n.attrs();
    FloatTensor out = FloatTensor.zeros(n.rows(), n.cols());
    float[] o = out.v();
    switch (op) {
      case MAT_MUL -> FloatDenseOps.matMul(a, b, out, parallel);
      case TRANSPOSE -> System.arraycopy(FloatDenseOps.transpose(a).v(), 0, o, 0, o.length);
      case ADD_BIAS, MUL_COLUMN -> {
        for (int i = 0; i < o.length; i++) {
          float x = a.v()[i];
          float y = b.v()[i % a.cols()];
          o[i] = op == LeafOp.ADD_BIAS ? x + y : x * y;
        }
      }
      case RELU -> each(a, o, x -> x > 0 ? x : 0);
      case RELU_BACKWARD -> pair(a, b, o, (d, z) -> z > 0 ? d : 0);
      case SOFTMAX_XENT_GRAD -> FloatDenseOps.softmaxXentGrad(a, b, out);
      case ROW_SUM -> {
        for (int r = 0; r < a.rows(); r++) {
          double s = 0;
          for (int c = 0; c < a.cols(); c++) {
            s += a.get(r, c);
          }
          o[r] = (float) s;
        }
      }
      case SGD_UPDATE -> {
        float eta = (float) (at[0] / (double) (1 << 24));
        pair(a, b, o, (w, g) -> w - eta * g);
      }
      case GATHER_ROWS -> {
        for (int r = 0; r < batch.length; r++) {
          System.arraycopy(a.v(), batch[r] * a.cols(), o, r * a.cols(), a.cols());
        }
      }
      case CONV2D -> FloatDenseOps.conv2d(at, a, b, out, parallel);
      case CONV2D_INPUT_GRAD -> FloatDenseOps.conv2dInputGrad(at, a, b, out, parallel);
      case CHANNELS_BY_ROW -> FloatDenseOps.channelsByRow(at, a, out);
      case CONV2D_WEIGHT_GRAD -> FloatDenseOps.conv2dWeightGrad(at, a, b, out, parallel);
      case ADD_CHANNEL_BIAS -> {
        int s = (int) at[1];
        for (int i = 0; i < o.length; i++) {
          o[i] = a.v()[i] + b.v()[(i % a.cols()) / s];
        }
      }
      case MAX_POOL2D -> FloatDenseOps.maxPool(at, a, null, out);
      case MAX_POOL2D_BACKWARD -> FloatDenseOps.maxPool(at, b, a, out);
      case AVG_POOL2D -> FloatDenseOps.avgPool(at, a, false, out);
      case AVG_POOL2D_BACKWARD -> FloatDenseOps.avgPool(at, a, true, out);
      case LAYER_NORM_STATS -> FloatSequenceOps.layerNormStats(at[0], a, out);
      case LAYER_NORM_APPLY -> {
        for (int i = 0; i < o.length; i++) {
          int r = i / a.cols();
          o[i] = (a.v()[i] - b.get(r, 0)) * b.get(r, 1);
        }
      }
      case LAYER_NORM_BACKWARD_STATS -> FloatSequenceOps.layerNormBackwardStats(a, b, out);
      case LAYER_NORM_BACKWARD -> FloatSequenceOps.layerNormBackward(a, b, out);
      case CONCAT_COLUMNS -> {
        for (int r = 0; r < a.rows(); r++) {
          System.arraycopy(a.v(), r * a.cols(), o, r * n.cols(), a.cols());
          System.arraycopy(b.v(), r * b.cols(), o, r * n.cols() + a.cols(), b.cols());
        }
      }
      case MUL_ELEMENTWISE -> pair(a, b, o, (x, y) -> x * y);
      case GELU -> each(a, o, FloatSequenceOps::gelu);
      case GELU_BACKWARD -> pair(a, b, o, (d, x) -> d * FloatSequenceOps.geluDerivative(x));
      case SPLIT_HEADS -> FloatSequenceOps.splitHeads(at, a, out);
      case MERGE_HEADS -> FloatSequenceOps.mergeHeads(at, a, out);
      case BLOCK_MAT_MUL -> FloatSequenceOps.blockMatMul(at, a, b, out, parallel);
      case BLOCK_TRANSPOSE -> FloatSequenceOps.blockTranspose(at, a, out);
      case SCALE_BY -> {
        float q = at[0] / 65536f;
        each(a, o, x -> x * q);
      }
      case CAUSAL_SOFTMAX -> FloatSequenceOps.causalSoftmax(at[0], a, out);
      case SOFTMAX_BACKWARD -> FloatSequenceOps.softmaxBackward(a, b, out);
      case ONE_HOT -> {
        for (int r = 0; r < a.rows(); r++) {
          int id = (int) a.v()[r];
          if (id >= 0 && id < n.cols()) {
            o[r * n.cols() + id] = 1;
          }
        }
      }
      case ADD_POSITIONS -> {
        int span = b.rows() * b.cols();
        for (int i = 0; i < o.length; i++) {
          o[i] = a.v()[i] + b.v()[i % span];
        }
      }
      case POSITION_GRAD -> FloatSequenceOps.positionGrad(at[0], a, out);
      case ADD -> pair(a, b, o, Float::sum);
      case ADAM_MOMENT1, ADAM_MOMENT2 -> {
        float beta = at[0] / 65536f;
        boolean second = op == LeafOp.ADAM_MOMENT2;
        pair(a, b, o, (m, g) -> beta * m + (1 - beta) * (second ? g * g : g));
      }
      case ADAMW_UPDATE -> FloatSequenceOps.adamwUpdate(at, step, a, b, out);
      case SEQUENCE_TOKENS -> {
        int t = (int) at[0];
        int offset = (int) at[1];
        for (int r = 0; r < o.length; r++) {
          o[r] = a.get(r / t, r % t + offset);
        }
      }
    }
    return out;
  }

  private interface Unary {
    float apply(float x);
  }

  private interface Binary {
    float apply(float x, float y);
  }

  private static void each(FloatTensor a, float[] o, Unary f) {
    for (int i = 0; i < o.length; i++) {
      o[i] = f.apply(a.v()[i]);
    }
  }

  private static void pair(FloatTensor a, FloatTensor b, float[] o, Binary f) {
    for (int i = 0; i < o.length; i++) {
      o[i] = f.apply(a.v()[i], b.v()[i]);
    }
  }
}
