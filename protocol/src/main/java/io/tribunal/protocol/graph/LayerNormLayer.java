package io.tribunal.protocol.graph;

import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/**
 * Layer normalisation over each row with a gain (ones) and a shift (zeros), both d x 1. The
 * statistics are their own op (a dispute can pin a wrong mean or rstd); the backward follows the
 * composition in docs/network-ops.md: g = dY·gamma, the two backward means, and one packed element
 * op for dX; dgamma and dbeta are column sums of dY·xhat and dY.
 */
public final class LayerNormLayer implements Layer {
  private final long eps;
  private Ref stats;
  private Ref xhat;
  private Ref gain;
  private Ref shift;
  private List<Gradient> gradients = List.of();

  /** {@code eps} in Q16.16, at least 1. */
  public LayerNormLayer(long eps) {
    this.eps = eps;
  }

  @Override
  public Ref forward(GraphBuilder b, Ref x) {
    int d = x.shape().cols();
    gain = b.parameter(NodeKind.PARAM_ONE, new Shape(d, 1));
    shift = b.parameter(NodeKind.PARAM_ZERO, new Shape(d, 1));
    stats = b.op(LeafOp.LAYER_NORM_STATS, List.of(x), new long[] {eps}, 0);
    xhat = b.op(LeafOp.LAYER_NORM_APPLY, x, stats);
    return b.op(LeafOp.ADD_BIAS, b.op(LeafOp.MUL_COLUMN, xhat, gain), shift);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    Ref dShift = b.op(LeafOp.ROW_SUM, b.op(LeafOp.TRANSPOSE, dy));
    Ref dGain =
        b.op(LeafOp.ROW_SUM, b.op(LeafOp.TRANSPOSE, b.op(LeafOp.MUL_ELEMENTWISE, dy, xhat)));
    gradients = List.of(new Gradient(gain, dGain), new Gradient(shift, dShift));
    if (!inputGradient) {
      return null;
    }
    Ref g = b.op(LeafOp.MUL_COLUMN, dy, gain);
    Ref means = b.op(LeafOp.LAYER_NORM_BACKWARD_STATS, g, xhat);
    Ref packed = b.op(LeafOp.CONCAT_COLUMNS, g, xhat);
    Ref rowConstants = b.op(LeafOp.CONCAT_COLUMNS, means, stats);
    return b.op(LeafOp.LAYER_NORM_BACKWARD, packed, rowConstants);
  }

  @Override
  public List<Gradient> gradients() {
    return gradients;
  }

  @Override
  public String describe() {
    return "layernorm";
  }
}
