package io.tribunal.protocol.graph;

import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;

/** y = x + f(x) for a sub-list f; backward adds the identity path's gradient to f's. */
public final class ResidualLayer implements Layer {
  private final List<Layer> inner;

  public ResidualLayer(List<Layer> inner) {
    if (inner.isEmpty()) {
      throw new IllegalArgumentException("a residual block needs at least one layer");
    }
    this.inner = List.copyOf(inner);
  }

  @Override
  public Ref forward(GraphBuilder b, Ref x) {
    Ref y = x;
    for (Layer l : inner) {
      y = l.forward(b, y);
    }
    return b.op(LeafOp.ADD, x, y);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    Ref g = dy;
    for (int i = inner.size() - 1; i >= 0; i--) {
      g = inner.get(i).backward(b, g, true);
    }
    return inputGradient ? b.op(LeafOp.ADD, dy, g) : null;
  }

  @Override
  public List<Gradient> gradients() {
    List<Gradient> all = new ArrayList<>();
    for (Layer l : inner) {
      all.addAll(l.gradients());
    }
    return all;
  }

  @Override
  public String describe() {
    return "residual: " + inner.stream().map(Layer::describe).toList();
  }
}
