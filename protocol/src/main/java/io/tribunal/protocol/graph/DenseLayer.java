package io.tribunal.protocol.graph;

import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/**
 * A fully connected layer Y = X·Wᵀ + b with W of shape out x in (He-uniform, fan-in = in) and b of
 * shape out x 1 (zeros). Backward: dW = Gᵀ·(Xᵀ)ᵀ as {@code matmul(transpose(G), transpose(X))}, db
 * = row sums of Gᵀ, dX = G·(Wᵀ)ᵀ as {@code matmul(G, transpose(W))} — the MLP program's order.
 * Without a bias (attention's key projection) Y = X·Wᵀ and W is the only parameter.
 */
public final class DenseLayer implements Layer {
  private final int width;
  private final boolean withBias;
  private Ref input;
  private Ref weights;
  private Ref bias;
  private List<Gradient> gradients = List.of();

  public DenseLayer(int width) {
    this(width, true);
  }

  /** A dense layer of {@code width} outputs, with or without the bias b. */
  public DenseLayer(int width, boolean withBias) {
    if (width < 1) {
      throw new IllegalArgumentException("a dense layer needs a positive width, got " + width);
    }
    this.width = width;
    this.withBias = withBias;
  }

  @Override
  public Ref forward(GraphBuilder b, Ref x) {
    input = x;
    int fanIn = x.shape().cols();
    weights = b.parameter(NodeKind.PARAM_HE_UNIFORM, new Shape(width, fanIn), fanIn);
    if (!withBias) {
      return b.op(LeafOp.MAT_MUL, x, weights);
    }
    bias = b.parameter(NodeKind.PARAM_ZERO, new Shape(width, 1));
    return b.op(LeafOp.ADD_BIAS, b.op(LeafOp.MAT_MUL, x, weights), bias);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    Ref dyT = b.op(LeafOp.TRANSPOSE, dy);
    Ref xT = b.op(LeafOp.TRANSPOSE, input);
    Ref dW = b.op(LeafOp.MAT_MUL, dyT, xT);
    gradients =
        withBias
            ? List.of(new Gradient(weights, dW), new Gradient(bias, b.op(LeafOp.ROW_SUM, dyT)))
            : List.of(new Gradient(weights, dW));
    if (!inputGradient) {
      return null;
    }
    return b.op(LeafOp.MAT_MUL, dy, b.op(LeafOp.TRANSPOSE, weights));
  }

  @Override
  public List<Gradient> gradients() {
    return gradients;
  }

  @Override
  public String describe() {
    return withBias ? "dense: " + width : "dense: {width: " + width + ", bias: false}";
  }
}
