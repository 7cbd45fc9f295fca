package io.tribunal.protocol.graph;

import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/** The fixed-point GELU element-wise; backward multiplies by the approximation's derivative. */
public final class GeluLayer implements Layer {
  private Ref input;

  @Override
  public Ref forward(GraphBuilder b, Ref x) {
    input = x;
    return b.op(LeafOp.GELU, x);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    return inputGradient ? b.op(LeafOp.GELU_BACKWARD, dy, input) : null;
  }

  @Override
  public List<Gradient> gradients() {
    return List.of();
  }

  @Override
  public String describe() {
    return "gelu";
  }
}
