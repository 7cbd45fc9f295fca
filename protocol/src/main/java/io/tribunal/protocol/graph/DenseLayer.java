package io.tribunal.protocol.graph;

import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/**
 * A fully connected layer Y = X·Wᵀ + b with W of shape out x in (He-uniform, fan-in = in) and b of
 * shape out x 1 (zeros). Backward: dW = Gᵀ·(Xᵀ)ᵀ as {@code matmul(transpose(G), transpose(X))}, db
 * = row sums of Gᵀ, dX = G·(Wᵀ)ᵀ as {@code matmul(G, transpose(W))} — the MLP program's order.
 */
public final class DenseLayer implements Layer {
  private final int width;
  private Ref input;
  private Ref weights;
  private Ref bias;
  private List<Gradient> gradients = List.of();

  public DenseLayer(int width) {
    if (width < 1) {
      throw new IllegalArgumentException("a dense layer needs a positive width, got " + width);
    }
    this.width = width;
  }

  @Override
  public Ref forward(GraphBuilder b, Ref x) {
    input = x;
    int fanIn = x.shape().cols();
    weights = b.parameter(NodeKind.PARAM_HE_UNIFORM, new Shape(width, fanIn), fanIn);
    bias = b.parameter(NodeKind.PARAM_ZERO, new Shape(width, 1));
    return b.op(LeafOp.ADD_BIAS, b.op(LeafOp.MAT_MUL, x, weights), bias);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    Ref dyT = b.op(LeafOp.TRANSPOSE, dy);
    Ref xT = b.op(LeafOp.TRANSPOSE, input);
    Ref dW = b.op(LeafOp.MAT_MUL, dyT, xT);
    Ref db = b.op(LeafOp.ROW_SUM, dyT);
    gradients = List.of(new Gradient(weights, dW), new Gradient(bias, db));
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
    return "dense: " + width;
  }
}
