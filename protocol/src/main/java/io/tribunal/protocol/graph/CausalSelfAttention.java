package io.tribunal.protocol.graph;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Causal multi-head self-attention over (B·T) x d rows: q, k (without a bias), v and the output
 * projection are dense layers; per (sequence, head) block S = Q·Kᵀ, P = causal_softmax(S /
 * sqrt(dh)), O = P·V. The op sequence, forward and backward, is the one docs/network-ops.md writes
 * out.
 */
public final class CausalSelfAttention implements Layer {
  private final int context;
  private final int heads;
  private final DenseLayer query;
  private final DenseLayer key;
  private final DenseLayer value;
  private final DenseLayer output;
  private int headDim;
  private long temperature;
  private Ref q;
  private Ref k;
  private Ref v;
  private Ref p;

  public CausalSelfAttention(int width, int context, int heads) {
    if (heads < 1 || width % heads != 0) {
      throw new IllegalArgumentException(
          "the width " + width + " must split evenly into " + heads + " heads");
    }
    this.context = context;
    this.heads = heads;
    this.query = new DenseLayer(width);
    // no key bias: it adds q_i·b to every score of query i, which softmax ignores, so its exact
    // gradient is zero and a fixed-point one is only rounding error that Adam would step on
    this.key = new DenseLayer(width, false);
    this.value = new DenseLayer(width);
    this.output = new DenseLayer(width);
  }

  @Override
  public Ref forward(GraphBuilder b, Ref x) {
    headDim = x.shape().cols() / heads;
    temperature = temperature(headDim);
    // the temperature scales Q, not the scores: the backward then scales K, a forward value,
    // instead of the tiny score gradients, whose rounding (half up, ties whenever the factor is a
    // power of two) would leave every row of dS summing to a positive bias
    q = scale(b, split(b, query.forward(b, x)));
    k = split(b, key.forward(b, x));
    v = split(b, value.forward(b, x));
    Ref scores = block(b, LeafOp.BLOCK_MAT_MUL, q, k, context, context);
    p = b.op(LeafOp.CAUSAL_SOFTMAX, List.of(scores), new long[] {context}, 0);
    Ref vT = block(b, LeafOp.BLOCK_TRANSPOSE, v, null, context, headDim);
    Ref o = block(b, LeafOp.BLOCK_MAT_MUL, p, vT, context, headDim);
    Ref merged = b.op(LeafOp.MERGE_HEADS, List.of(o), new long[] {context, heads, headDim}, 0);
    return output.forward(b, merged);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    Ref dMerged = output.backward(b, dy, true);
    Ref dO = split(b, dMerged);
    Ref dP = block(b, LeafOp.BLOCK_MAT_MUL, dO, v, context, context);
    Ref pT = block(b, LeafOp.BLOCK_TRANSPOSE, p, null, context, context);
    Ref dOT = block(b, LeafOp.BLOCK_TRANSPOSE, dO, null, context, headDim);
    Ref dV = block(b, LeafOp.BLOCK_MAT_MUL, pT, dOT, context, headDim);
    Ref dS = b.op(LeafOp.SOFTMAX_BACKWARD, p, dP);
    Ref kT = block(b, LeafOp.BLOCK_TRANSPOSE, scale(b, k), null, context, headDim);
    Ref dQ = block(b, LeafOp.BLOCK_MAT_MUL, dS, kT, context, headDim);
    Ref dST = block(b, LeafOp.BLOCK_TRANSPOSE, dS, null, context, context);
    Ref qT = block(b, LeafOp.BLOCK_TRANSPOSE, q, null, context, headDim);
    Ref dK = block(b, LeafOp.BLOCK_MAT_MUL, dST, qT, context, headDim);
    long[] merge = {context, heads, headDim};
    Ref dxQ = query.backward(b, b.op(LeafOp.MERGE_HEADS, List.of(dQ), merge, 0), inputGradient);
    Ref dxK = key.backward(b, b.op(LeafOp.MERGE_HEADS, List.of(dK), merge, 0), inputGradient);
    Ref dxV = value.backward(b, b.op(LeafOp.MERGE_HEADS, List.of(dV), merge, 0), inputGradient);
    return inputGradient ? b.op(LeafOp.ADD, b.op(LeafOp.ADD, dxQ, dxK), dxV) : null;
  }

  @Override
  public List<Gradient> gradients() {
    List<Gradient> all = new ArrayList<>();
    all.addAll(query.gradients());
    all.addAll(key.gradients());
    all.addAll(value.gradients());
    all.addAll(output.gradients());
    return all;
  }

  @Override
  public String describe() {
    return "attention: {heads: " + heads + ", context: " + context + "}";
  }

  /** round(2^16 / sqrt(dh)) by integers: floor((2^32 / dh)^(1/2) + 1/2) via isqrt of 4x. */
  static long temperature(int headDim) {
    long fourTimes = Fixed.isqrt((4L << 32) / headDim);
    return (fourTimes + 1) / 2;
  }

  private Ref scale(GraphBuilder b, Ref x) {
    return b.op(LeafOp.SCALE_BY, List.of(x), new long[] {temperature}, 0);
  }

  private Ref split(GraphBuilder b, Ref x) {
    return b.op(LeafOp.SPLIT_HEADS, List.of(x), new long[] {context, heads}, 0);
  }

  private static Ref block(GraphBuilder b, LeafOp kind, Ref x, Ref y, long rows, long cols) {
    List<Ref> in = y == null ? List.of(x) : List.of(x, y);
    return b.op(kind, in, new long[] {rows, cols}, 0);
  }
}
