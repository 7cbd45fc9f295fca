package io.tribunal.protocol.graph;

import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/** max(x, 0) element-wise; backward passes the gradient where the input was positive. */
public final class ReluLayer implements Layer {
  private Ref input;

  @Override
  public Ref forward(GraphBuilder b, Ref x) {
    input = x;
    return b.op(LeafOp.RELU, x);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    return inputGradient ? b.op(LeafOp.RELU_BACKWARD, dy, input) : null;
  }

  @Override
  public List<Gradient> gradients() {
    return List.of();
  }

  @Override
  public String describe() {
    return "relu";
  }
}
